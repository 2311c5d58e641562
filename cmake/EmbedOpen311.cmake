file(READ ${IN} _doc)
file(WRITE ${OUT} "// Generated from data/open311/service_definitions.json — do not edit.\n#include <string_view>\nnamespace hotline::open311 {\nstd::string_view EmbeddedDefinitions() {\n  static const char* const kDoc = R\"OPEN311(${_doc})OPEN311\";\n  return kDoc;\n}\n}  // namespace hotline::open311\n")
