#include "bench/op_profile.h"

#include <algorithm>
#include <map>

#include "graph/model_stats.h"

namespace edgebench::bench {
namespace {

double Gflops(int64_t macs, double mean_ms) {
  return mean_ms > 0 ? 2.0 * static_cast<double>(macs) / (mean_ms * 1e6) : 0.0;
}

ProfileRow MakeRow(const runtime::Interpreter& interpreter, const runtime::Partition& partition,
                   double mean_ms) {
  const graph::Graph& graph = interpreter.graph();
  ProfileRow row;
  row.first_op = partition.ops.front();
  row.last_op = partition.ops.back();
  row.name = partition.ops.size() == 1 ? graph::OpTypeName(graph.ops[row.first_op].type)
                                       : std::to_string(partition.ops.size()) + " ops";
  row.backend = interpreter.op_backend(row.first_op);
  row.mean_ms = mean_ms;
  for (int op : partition.ops) row.macs += graph::OpMacs(graph, graph.ops[op]);
  row.gflops = Gflops(row.macs, mean_ms);
  return row;
}

void SortSlowestFirst(std::vector<ProfileRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const ProfileRow& a, const ProfileRow& b) { return a.mean_ms > b.mean_ms; });
}

// One row per (op type, backend): times and MACs summed, op range widened.
std::vector<ProfileRow> SumByType(const std::vector<ProfileRow>& rows) {
  std::map<std::pair<std::string, std::string>, ProfileRow> sums;
  for (const ProfileRow& row : rows) {
    auto [it, inserted] = sums.try_emplace({row.name, row.backend}, row);
    if (inserted) continue;
    ProfileRow& sum = it->second;
    sum.mean_ms += row.mean_ms;
    sum.share += row.share;
    sum.macs += row.macs;
    sum.first_op = std::min(sum.first_op, row.first_op);
    sum.last_op = std::max(sum.last_op, row.last_op);
  }
  std::vector<ProfileRow> out;
  for (auto& [key, row] : sums) {
    row.gflops = Gflops(row.macs, row.mean_ms);
    out.push_back(row);
  }
  SortSlowestFirst(out);
  return out;
}

}  // namespace

OpProfile ProfileInterpreter(runtime::Interpreter& interpreter, int64_t runs) {
  const auto& partitions = interpreter.partitions();
  std::vector<double> seconds(partitions.size(), 0.0);
  interpreter.Invoke();
  for (int64_t i = 0; i < runs; ++i) interpreter.InvokeProfiled(seconds);

  OpProfile profile;
  profile.runs = runs;
  for (size_t p = 0; p < partitions.size(); ++p) {
    const double mean_ms = runs > 0 ? seconds[p] * 1e3 / static_cast<double>(runs) : 0.0;
    profile.rows.push_back(MakeRow(interpreter, partitions[p], mean_ms));
    profile.total_ms += mean_ms;
  }
  for (ProfileRow& row : profile.rows) {
    row.share = profile.total_ms > 0 ? row.mean_ms / profile.total_ms : 0.0;
  }
  SortSlowestFirst(profile.rows);
  profile.by_type = SumByType(profile.rows);
  return profile;
}

}  // namespace edgebench::bench
