// `hotline open311 key add|list|revoke --data DIR`: the admin's Open311 API keys from the shell
// (the same as /api/v1/admin/open311/keys; audited with actor "cli").
#pragma once

#include <string>

namespace hotline::app {

// Issues a key named `name` and prints its secret once. Returns the process exit code.
int Open311KeyAdd(const std::string& data, const std::string& name);
// Lists the keys (never a secret).
int Open311KeyList(const std::string& data);
// Revokes key `id`.
int Open311KeyRevoke(const std::string& data, const std::string& id);

}  // namespace hotline::app
