// Hand-built SVG charts for the HTML report: plain text, no scripts. Every
// string that came from a record or a file is escaped, and its bidirectional
// controls dropped (report/text_safety.h). Charts use a fixed
// viewBox (kChartWidth wide) and scale to the page, so text stays readable
// on a phone screen and in print.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edgebench::report {

inline constexpr double kChartWidth = 440;

// &, <, >, " and ' as character references.
std::string EscapeXml(const std::string& text);

// A tick spacing of 1, 2 or 5 times a power of ten giving about `ticks`
// intervals over [0, max]; 1 when max is not positive.
double NiceStep(double max, int ticks);

struct Bar {
  std::string label;     // the first line, e.g. the platform
  std::string sublabel;  // the second, smaller line, e.g. the runtime
  double value = 0;
  std::optional<double> low, high;  // an error bar, e.g. p10 to p90
  std::string colour;               // CSS colour
  std::string note;                 // after the value, e.g. " at $55"
};

// Horizontal bars, one per entry in the order given, the label above each
// bar and the value (with `unit`) after it; `title` is drawn above.
std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars);

// Vertical bars: counts[i] samples in [lower + i * width, lower + (i+1) * width) ms.
std::string HistogramChart(const std::string& title, double lower_ms, double bin_width_ms,
                           const std::vector<double>& counts, const std::string& colour);

// A series over time: (t_s, value) points; nullopt values leave a gap.
struct Series {
  std::string name;  // panel title, e.g. "latency (ms)"
  std::vector<double> t_s;
  std::vector<std::optional<double>> values;
  std::string colour;
};
// Spans of time to shade on every panel (e.g. throttled, warm-up).
struct Span {
  double from_s = 0, to_s = 0;
  std::string colour;  // a light CSS colour
};

// One panel per series, stacked, sharing the time axis [0, end_s].
std::string TimelineChart(const std::string& title, const std::vector<Series>& series,
                          const std::vector<Span>& spans, double end_s);

}  // namespace edgebench::report
