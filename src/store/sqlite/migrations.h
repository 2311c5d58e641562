// Numbered SQL migrations (src/store/migrations/NNNN_name.sql), embedded at build time and applied
// in order at start, each in its own transaction, recorded in schema_migrations.
#pragma once

#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/store/sqlite/db.h"

namespace hotline::store::sqlite {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& Migrations();

// Applies the missing migrations. Refuses a database newer than this binary.
Status Migrate(Db& db);

}  // namespace hotline::store::sqlite
