# Writes a C++ source with every migration file as a raw string, in file-name order.
# FILES is '|'-separated (see src/store/CMakeLists.txt).
string(REPLACE "|" ";" FILES "${FILES}")
set(_body "// Generated from src/store/migrations/*.sql — do not edit.\n#include \"src/store/sqlite/migrations.h\"\nnamespace hotline::store::sqlite {\nconst std::vector<Migration>& Migrations() {\n  static const std::vector<Migration> kAll = {\n")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f ${FILES})
  get_filename_component(_name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" _num ${_name})
  math(EXPR _num "${_num} + 0")
  file(READ ${f} _sql)
  string(APPEND _body "    {${_num}, \"${_name}\", R\"SQL(${_sql})SQL\"},\n")
endforeach()
string(APPEND _body "  };\n  return kAll;\n}\n}  // namespace hotline::store::sqlite\n")
file(WRITE ${OUT} "${_body}")
