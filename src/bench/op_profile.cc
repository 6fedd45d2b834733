#include "bench/op_profile.h"

#include <algorithm>
#include <map>

namespace edgebench::bench {
namespace {

double Gflops(int64_t macs, double mean_ms) {
  return mean_ms > 0 ? 2.0 * static_cast<double>(macs) / (mean_ms * 1e6) : 0.0;
}

ProfileRow MakeRow(const runtime::OpTiming& timing) {
  ProfileRow row;
  row.name = timing.name;
  row.first_op = timing.first_op;
  row.last_op = timing.last_op;
  row.backend = timing.backend;
  row.mean_ms = timing.mean_ms;
  row.macs = timing.macs;
  row.gflops = Gflops(row.macs, row.mean_ms);
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

OpProfile MakeOpProfile(const std::vector<runtime::OpTiming>& timings, int64_t runs) {
  OpProfile profile;
  profile.runs = runs;
  for (const runtime::OpTiming& timing : timings) {
    profile.rows.push_back(MakeRow(timing));
    profile.total_ms += timing.mean_ms;
  }
  for (ProfileRow& row : profile.rows) {
    row.share = profile.total_ms > 0 ? row.mean_ms / profile.total_ms : 0.0;
  }
  SortSlowestFirst(profile.rows);
  profile.by_type = SumByType(profile.rows);
  return profile;
}

}  // namespace edgebench::bench
