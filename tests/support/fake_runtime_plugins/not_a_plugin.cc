// A shared library without the plugin entry point.
extern "C" int not_a_plugin_function() { return 1; }
