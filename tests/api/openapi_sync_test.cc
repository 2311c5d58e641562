// The OpenAPI document (docs/openapi.json, compiled into the binary) lists exactly the routes the
// router serves: every API route is documented, and nothing documented is missing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "src/api/api.h"
#include "src/api/openapi.h"
#include "src/common/crypto.h"
#include "src/knowledge/service.h"
#include "src/store/sqlite/sqlite_store.h"

namespace hotline::api {
namespace {

std::string Lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

TEST(OpenApiSync, DocumentListsExactlyTheRoutes) {
  ASSERT_TRUE(InitCrypto().ok());
  auto dir = std::filesystem::temp_directory_path() / ("hotline-openapi-" + RandomHex(6));
  std::filesystem::create_directories(dir);
  auto cipher = PiiCipher::FromHexKey(PiiCipher::NewHexKey());
  ASSERT_TRUE(cipher.ok());
  auto store = store::sqlite::SqliteStore::Open((dir / "t.db").string(), *cipher, {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  SystemClock clock;
  workflow::DirectoryHolder directory(**store, TimeZone{});
  ASSERT_TRUE(directory.Reload().ok());
  workflow::Engine engine(**store, clock, directory);
  Auth auth(**store, clock);
  Metrics metrics;
  knowledge::KnowledgeBase knowledge(**store, clock, directory);
  Context ctx{**store, engine, directory, auth, metrics, dir.string(), "", nullptr, &knowledge};
  Router router;
  RegisterRoutes(router, ctx);

  std::set<std::string> served;
  for (const auto& r : router.Routes())
    served.insert(Lower(std::string(boost::beast::http::to_string(r.method))) + " " + r.pattern);

  auto doc = boost::json::parse(OpenApiDocument());
  ASSERT_TRUE(doc.is_object());
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, op] : item.as_object())
      if (method != "parameters") documented.insert(std::string(method) + " " + std::string(path));

  for (const auto& s : served) EXPECT_TRUE(documented.count(s)) << "not documented: " << s;
  for (const auto& d : documented) EXPECT_TRUE(served.count(d)) << "documented but not served: " << d;
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hotline::api
