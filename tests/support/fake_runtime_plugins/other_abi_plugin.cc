// A runtime plugin left over from another build: it refuses every
// interface version, as one built for another version would.
#include "runtimes/plugin_abi.h"

extern "C" edgebench::plugin::Plugin* edgebench_runtime_plugin(int) { return nullptr; }
