#include "src/app/open311_cli.h"

#include <cstdio>

#include "src/app/runtime.h"
#include "src/common/time.h"
#include "src/open311/georeport.h"

namespace hotline::app {
namespace {

int Failed(const Status& st) {
  std::fprintf(stderr, "error: %s\n", st.message().c_str());
  return 1;
}

Status Audit(store::WriteTx& tx, TimePoint now, const std::string& action,
             boost::json::object data) {
  domain::Event e;
  e.at = now;
  e.actor_id = "cli";
  e.actor_name = "命令行";
  e.action = action;
  e.data = std::move(data);
  return tx.AppendAdminEvent(e);
}

}  // namespace

int Open311KeyAdd(const std::string& data, const std::string& name) {
  if (name.find_first_not_of(" \t") == std::string::npos || name.size() > 100)
    return Failed(
        Status::Invalid("--name is required (at most 100 characters): who the key is for"));
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Failed(rt.status());
  const TimePoint now = (*rt)->clock->Now();
  auto made = open311::MakeApiKey(name, "cli", now);
  Status st = (*rt)->store->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.PutOpen311Key(made.key));
    return Audit(tx, now, "open311_key_issue",
                 {{"key_id", made.key.id}, {"name", made.key.name}, {"prefix", made.key.prefix}});
  });
  if (!st.ok()) return Failed(st);
  std::printf(
      "issued Open311 key %s (%s)\napi_key: %s\n"
      "This secret is shown once; only its hash is stored. Give it to the client over a safe "
      "channel.\n",
      made.key.id.c_str(), made.key.name.c_str(), made.secret.c_str());
  return 0;
}

int Open311KeyList(const std::string& data) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Failed(rt.status());
  auto tx = (*rt)->store->Read();
  if (!tx.ok()) return Failed(tx.status());
  auto keys = (*tx)->ListOpen311Keys();
  if (!keys.ok()) return Failed(keys.status());
  std::printf("%-6s %-14s %-26s %-26s %s\n", "id", "prefix", "created", "revoked", "name");
  for (const auto& k : *keys)
    std::printf("%-6s %-14s %-26s %-26s %s\n", k.id.c_str(), k.prefix.c_str(),
                FormatRfc3339(k.created_at, (*rt)->engine->tz()).c_str(),
                k.revoked_at ? FormatRfc3339(*k.revoked_at, (*rt)->engine->tz()).c_str() : "-",
                k.name.c_str());
  return 0;
}

int Open311KeyRevoke(const std::string& data, const std::string& id) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Failed(rt.status());
  const TimePoint now = (*rt)->clock->Now();
  Status st = (*rt)->store->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.RevokeOpen311Key(id, now));
    return Audit(tx, now, "open311_key_revoke", {{"key_id", id}});
  });
  if (!st.ok()) return Failed(st);
  std::printf("revoked Open311 key %s\n", id.c_str());
  return 0;
}

}  // namespace hotline::app
