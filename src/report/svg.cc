#include "report/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/text_safety.h"

namespace edgebench::report {
namespace {

// Text for an SVG <text>: SVG renderers do not isolate bidirectional runs,
// so a U+202E in a label would reverse the runtime drawn after it; the
// controls are dropped (the table in the HTML keeps them, isolated).
std::string SvgText(const std::string& text) { return EscapeXml(WithoutBidiControls(text)); }

constexpr double kLeft = 8, kRight = 70;  // margins; the right one holds values
constexpr double kTitleHeight = 24;

std::string Open(double height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {:.0f}\" role=\"img\" "
      "class=\"chart\"><title>{}</title>\n<text x=\"{}\" y=\"16\" class=\"title\">{}</text>\n",
      kChartWidth, height, SvgText(title), kLeft, SvgText(title));
}

std::string Number(double value) {
  if (value == 0) return "0";
  if (value >= 100) return fmt::format("{:.0f}", value);
  if (value >= 10) return fmt::format("{:.1f}", value);
  return fmt::format("{:.2f}", value);
}

// Gridlines and tick labels for [0, max] mapped onto [x0, x0 + width].
std::string XAxis(double max, double x0, double width, double top, double bottom) {
  const double step = NiceStep(max, 4);
  std::string out;
  for (double v = 0; v <= max * 1.0001; v += step) {
    const double x = x0 + v / max * width;
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" class=\"tick\" text-anchor=\"{5}\">{4}</text>\n",
        x, top, bottom, bottom + 12, fmt::format("{:g}", v), v == 0 ? "start" : "middle");
  }
  return out;
}

std::string Polyline(const std::vector<std::pair<double, double>>& points,
                     const std::string& colour) {
  if (points.empty()) return "";
  std::string coordinates;
  for (const auto& [x, y] : points) coordinates += fmt::format("{:.1f},{:.1f} ", x, y);
  if (points.size() == 1) {
    return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"{}\"/>\n",
                       points[0].first, points[0].second, colour);
  }
  return fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
                     coordinates, colour);
}

}  // namespace

std::string EscapeXml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

double NiceStep(double max, int ticks) {
  if (!(max > 0) || ticks < 1) return 1;
  const double rough = max / ticks;
  const double power = std::pow(10, std::floor(std::log10(rough)));
  for (double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= rough) return factor * power;
  }
  return 10 * power;
}

std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars) {
  constexpr double kRow = 36, kBar = 13;
  double max = 0;
  for (const Bar& b : bars) max = std::max({max, b.value, b.high.value_or(0)});
  if (max <= 0) max = 1;
  max = std::ceil(max / NiceStep(max, 4)) * NiceStep(max, 4);
  const double width = kChartWidth - kLeft - kRight;
  const double top = kTitleHeight + 4, bottom = top + kRow * static_cast<double>(bars.size());
  std::string svg = Open(bottom + 20, title) + XAxis(max, kLeft, width, top, bottom);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = top + kRow * static_cast<double>(i);
    const double bar_y = y + 17, end = kLeft + b.value / max * width;
    svg += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" class=\"label\">{}<tspan class=\"sub\"> {}</tspan></text>\n",
        kLeft, y + 13, SvgText(b.label), SvgText(b.sublabel));
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{} {}: "
        "{} {}</title></rect>\n",
        kLeft, bar_y, std::max(end - kLeft, 0.5), kBar, b.colour, SvgText(b.label),
        SvgText(b.sublabel), Number(b.value), SvgText(unit));
    double text_x = end;
    if (b.low && b.high) {
      const double x0 = kLeft + *b.low / max * width, x1 = kLeft + *b.high / max * width;
      const double mid = bar_y + kBar / 2;
      svg += fmt::format(
          "<path d=\"M{0:.1f},{1:.1f}H{2:.1f}M{0:.1f},{3:.1f}V{4:.1f}M{2:.1f},{3:.1f}V{4:.1f}\" "
          "class=\"errorbar\"/>\n",
          x0, mid, x1, mid - 4, mid + 4);
      text_x = std::max(text_x, x1);
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{} {}{}</text>\n",
                       text_x + 4, bar_y + 11, Number(b.value), SvgText(unit), SvgText(b.note));
  }
  return svg + "</svg>\n";
}

std::string HistogramChart(const std::string& title, double lower_ms, double bin_width_ms,
                           const std::vector<double>& counts, const std::string& colour) {
  constexpr double kHeight = 150, kTop = kTitleHeight + 6, kBottom = kHeight - 22;
  const double width = kChartWidth - 2 * kLeft;
  const double peak =
      counts.empty() ? 1 : std::max(1.0, *std::max_element(counts.begin(), counts.end()));
  std::string svg = Open(kHeight, title);
  const double bin_px = counts.empty() ? width : width / static_cast<double>(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    const double h = counts[i] / peak * (kBottom - kTop);
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\"/>\n",
        kLeft + bin_px * static_cast<double>(i), kBottom - h, std::max(bin_px - 1, 0.5), h, colour);
  }
  const double upper = lower_ms + bin_width_ms * static_cast<double>(counts.size());
  svg += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"axis\"/>"
      "<text x=\"{0}\" y=\"{3}\" class=\"tick\">{4} ms</text>"
      "<text x=\"{2}\" y=\"{3}\" class=\"tick\" text-anchor=\"end\">{5} ms</text>"
      "<text x=\"{2}\" y=\"{6}\" class=\"tick\" text-anchor=\"end\">peak {7:.0f} runs/bin</text>\n",
      kLeft, kBottom, kLeft + width, kBottom + 14, Number(lower_ms), Number(upper), kTop - 2, peak);
  return svg + "</svg>\n";
}

std::string TimelineChart(const std::string& title, const std::vector<Series>& series,
                          const std::vector<Span>& spans, double end_s) {
  constexpr double kPanel = 92, kGap = 14;
  const double width = kChartWidth - kLeft - kRight;
  if (!(end_s > 0)) end_s = 1;
  const double height = kTitleHeight + (kPanel + kGap) * static_cast<double>(series.size()) + 24;
  std::string svg = Open(height, title);
  double top = kTitleHeight + 4;
  for (const Series& s : series) {
    const double bottom = top + kPanel - 16;
    double lo = 1e300, hi = -1e300;
    for (const auto& v : s.values) {
      if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"label\">{}</text>\n", kLeft, top + 10,
                       SvgText(s.name));
    const double plot_top = top + 16;
    for (const Span& span : spans) {
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
          kLeft + span.from_s / end_s * width, plot_top,
          std::max((span.to_s - span.from_s) / end_s * width, 0.5), bottom - plot_top, span.colour);
    }
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "class=\"frame\"/>\n",
        kLeft, plot_top, width, bottom - plot_top);
    if (lo <= hi) {
      const double pad = hi > lo ? (hi - lo) * 0.1 : std::max(1.0, std::fabs(hi) * 0.05);
      const double y_lo = lo - pad, y_hi = hi + pad;
      std::vector<std::pair<double, double>> points;
      for (size_t i = 0; i < s.t_s.size() && i < s.values.size(); ++i) {
        if (!s.values[i]) {
          svg += Polyline(points, s.colour);
          points.clear();
          continue;
        }
        points.emplace_back(kLeft + s.t_s[i] / end_s * width,
                            bottom - (*s.values[i] - y_lo) / (y_hi - y_lo) * (bottom - plot_top));
      }
      svg += Polyline(points, s.colour);
      svg += fmt::format(
          "<text x=\"{0:.1f}\" y=\"{1:.1f}\" class=\"tick\">{2}</text>"
          "<text x=\"{0:.1f}\" y=\"{3:.1f}\" class=\"tick\">{4}</text>\n",
          kLeft + width + 4, plot_top + 9, Number(hi), bottom, Number(lo));
    } else {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\">not measured</text>\n",
                         kLeft + 6, bottom - 6);
    }
    top += kPanel + kGap;
  }
  svg += fmt::format(
      "<text x=\"{0}\" y=\"{1:.1f}\" class=\"tick\">0 s</text>"
      "<text x=\"{2:.1f}\" y=\"{1:.1f}\" class=\"tick\" text-anchor=\"end\">{3} s</text>\n",
      kLeft, top, kLeft + width, Number(end_s));
  return svg + "</svg>\n";
}

}  // namespace edgebench::report
