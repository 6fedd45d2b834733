// Record strings (labels, machine and model names) come from the command
// line and from files imported from other machines: they may hold terminal
// escape sequences, carriage returns or Unicode bidirectional controls that
// would rewrite the user's terminal or reverse a report's columns. Every view
// that shows them goes through these.
#pragma once

#include <string>
#include <string_view>

namespace edgebench::report {

// `text` made safe to print on a terminal, one line: C0 controls, DEL and C1
// controls become C-style escapes (\n, \r, \t, \x1b, \u0085), bidirectional
// embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069) become
// \u202e and so on, and bytes that are not UTF-8 become \xNN. Printable text,
// UTF-8 included, is unchanged.
std::string TerminalSafe(std::string_view text);

// `text` without the bidirectional controls above, for output that cannot
// isolate them (SVG text).
std::string WithoutBidiControls(std::string_view text);

}  // namespace edgebench::report
