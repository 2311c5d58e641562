file(READ ${IN} _doc)
file(WRITE ${OUT} "// Generated from docs/openapi.json — do not edit.\n#include \"src/api/openapi.h\"\nnamespace hotline::api {\nstd::string_view OpenApiDocument() {\n  static const char* const kDoc = R\"OPENAPI(${_doc})OPENAPI\";\n  return kDoc;\n}\n}  // namespace hotline::api\n")
