// The one place that builds concrete parts: the data directory, the SQLite store, reference data
// and the engine. Every subcommand opens a Runtime.
#pragma once

#include <memory>
#include <string>

#include "src/analytics/rollup.h"
#include "src/common/clock.h"
#include "src/common/crypto.h"
#include "src/knowledge/service.h"
#include "src/store/sqlite/sqlite_store.h"
#include "src/workflow/directory.h"
#include "src/workflow/engine.h"

namespace hotline::app {

struct Runtime {
  std::string data_dir;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  std::unique_ptr<workflow::DirectoryHolder> directory;
  std::unique_ptr<workflow::Engine> engine;
  std::unique_ptr<knowledge::KnowledgeBase> knowledge;
  // The KPI rollups, kept in every case write by the engine's transaction observer.
  std::unique_ptr<analytics::Rollup> rollup;
};

// Opens (creating if asked) the data directory: DIR/hotline.db and the data key DIR/secret.key
// (created with mode 0600 on first use; losing it makes personal data unreadable).
Result<std::unique_ptr<Runtime>> OpenRuntime(const std::string& data_dir, bool create,
                                             int readers = 8);

}  // namespace hotline::app
