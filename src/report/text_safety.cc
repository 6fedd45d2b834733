#include "report/text_safety.h"

#include <fmt/format.h>

namespace edgebench::report {
namespace {

// One decoded UTF-8 sequence; `length` 0 when the bytes at the start of
// `text` are not a valid one (then only the first byte is consumed).
struct CodePoint {
  char32_t value = 0;
  size_t length = 0;
};

CodePoint Decode(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  size_t length = 0;
  char32_t value = 0, minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return {};
  }
  if (text.size() < length) return {};
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms and surrogates could smuggle a control past the checks.
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const CodePoint c = Decode(text);
    if (c.length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[0]));
      text.remove_prefix(1);
      continue;
    }
    switch (c.value) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c.value < 0x80 && IsControl(c.value)) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(c.value));
        } else if (IsControl(c.value) || IsBidiControl(c.value)) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c.value));
        } else {
          out.append(text.substr(0, c.length));
        }
    }
    text.remove_prefix(c.length);
  }
  return out;
}

std::string WithoutBidiControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const CodePoint c = Decode(text);
    const size_t length = c.length == 0 ? 1 : c.length;
    if (c.length == 0 || !IsBidiControl(c.value)) out.append(text.substr(0, length));
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace edgebench::report
