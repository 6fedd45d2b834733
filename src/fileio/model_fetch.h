// Fetching the models edgebench does not ship (Google Coral's SSD MobileNet
// v2) into the user's model cache, for `edgebench setup`. The source, the
// pinned package and the checksums live in one place, scripts/fetch-models.sh
// (installed in share/edgebench/scripts), which a checkout's setup.sh runs
// too; this runs it.
#pragma once

#include "graph/status.h"

namespace edgebench::fileio {

// Runs fetch-models.sh --user-cache (found under DataRoots()), which fills
// models/ of the first of CacheRoots() unless it already verifies. Its
// progress lines go to this process's standard output as they come; when it
// fails, the error is its own last line (no npm, no network, a checksum that
// does not match, ...), or why it could not be started.
Status FetchModelsIntoUserCache();

}  // namespace edgebench::fileio
