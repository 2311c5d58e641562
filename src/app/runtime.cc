#include "src/app/runtime.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "src/app/bulk_seed.h"

namespace hotline::app {
namespace fs = std::filesystem;

namespace {

Result<PiiCipher> LoadKey(const fs::path& dir, bool create) {
  fs::path key_file = dir / "secret.key";
  std::error_code ec;
  if (!fs::exists(key_file, ec)) {
    if (!create) return Status::NotFound("no data key at " + key_file.string());
    std::string key = PiiCipher::NewHexKey();
    fs::path tmp = key_file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp);
      out << key << "\n";
      if (!out) return Status::Unavailable("cannot write " + tmp.string());
    }
    ::chmod(tmp.c_str(), 0600);
    fs::rename(tmp, key_file, ec);
    if (ec) return Status::Unavailable("cannot create " + key_file.string());
  }
  std::ifstream in(key_file);
  std::string key;
  in >> key;
  return PiiCipher::FromHexKey(key);
}

}  // namespace

Result<std::unique_ptr<Runtime>> OpenRuntime(const std::string& data_dir, bool create, int readers) {
  HOTLINE_RETURN_IF_ERROR(InitCrypto());
  std::error_code ec;
  fs::path dir(data_dir);
  if (!fs::exists(dir / "hotline.db", ec) && !create)
    return Status::NotFound("no hotline database in " + data_dir +
                            " (run `hotline demo --data " + data_dir + "` first)");
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + data_dir + ": " + ec.message());
  HOTLINE_ASSIGN_OR_RETURN(PiiCipher cipher, LoadKey(dir, create));
  auto rt = std::make_unique<Runtime>();
  rt->data_dir = data_dir;
  rt->clock = std::make_unique<SystemClock>();
  store::sqlite::Options opts;
  opts.readers = readers;
  HOTLINE_ASSIGN_OR_RETURN(rt->store, store::sqlite::SqliteStore::Open(
                                          (dir / "hotline.db").string(), std::move(cipher), opts));
  if (!create) {
    // An interrupted `hotline seed`: its cases may lack their KPI counts (bulk_seed.h).
    HOTLINE_ASSIGN_OR_RETURN(auto tx, rt->store->Read());
    HOTLINE_ASSIGN_OR_RETURN(auto seed, tx->GetSetting(kBulkSeedSetting));
    if (seed && *seed == "loading")
      return Status::Unavailable("the data directory " + data_dir +
                                 " holds an interrupted `hotline seed` (its KPI rollups were "
                                 "never written); remove it and seed again");
  }
  rt->directory = std::make_unique<workflow::DirectoryHolder>(*rt->store, TimeZone{});
  HOTLINE_RETURN_IF_ERROR(rt->directory->Reload());
  rt->engine = std::make_unique<workflow::Engine>(*rt->store, *rt->clock, *rt->directory);
  rt->knowledge = std::make_unique<knowledge::KnowledgeBase>(*rt->store, *rt->clock, *rt->directory);
  rt->rollup = std::make_unique<analytics::Rollup>(analytics::RollupOptions{TimeZone{}, 30, rt->directory.get()});
  rt->engine->SetTxObserver([r = rt->rollup.get()](store::WriteTx& tx, const domain::Case& c,
                                                   const domain::Event& e) {
    return r->Observe(tx, c, e);
  });
  return rt;
}

}  // namespace hotline::app
