// The `hotline` command: serve, demo, seed, user, audit, open311, report, kpi, import-mail.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "src/analytics/report.h"
#include "src/api/api.h"
#include "src/api/live_feed.h"
#include "src/api/server.h"
#include "src/api/upload_sweep.h"
#include "src/app/bulk_seed.h"
#include "src/app/search_backlog.h"
#include "src/app/demo.h"
#include "src/app/open311_cli.h"
#include "src/app/report_cli.h"
#include "src/app/runtime.h"
#include "src/common/crypto.h"
#include "src/common/log.h"
#include "src/hotspots/report_sections.h"
#include "src/hotspots/watcher.h"
#include "src/mail/importer.h"
#include "src/mail/maildir.h"
#include "src/notify/dispatcher.h"
#include "src/notify/planner.h"
#include "src/notify/senders.h"
#include "src/workflow/audit.h"

namespace hotline::app {
namespace {

int Fail(const Status& st) {
  std::fprintf(stderr, "hotline: %s\n", st.message().c_str());
  return st.code() == Code::kInvalidArgument ? 2 : 1;
}

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    return Status::Invalid("--listen: the port must be a number from 0 to 65535");
  return std::make_pair(host, uint16_t(std::stoi(port)));
}

std::string FindWebDir(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  for (const char* c : {"web/dist", "../web/dist"})
    if (fs::exists(fs::path(c) / "index.html")) return c;
  return "";
}

// The notification senders of `serve` (docs/notifications.md). Unset = that kind stays pending.
struct NotifyFlags {
  std::string sms_gateway;   // http(s)://host:port/path
  std::string sms_key_file;  // the gateway's API key (first line)
  std::string smtp_url;      // smtp://host:port or smtps://host:port
  std::string smtp_from = "12345 Hotline <noreply@hotline12345.local>";
  std::string smtp_user;
  std::string smtp_password_file;
  int lease_seconds = 60;
  int retry_seconds = 30;
  std::string maildir;  // the email channel's maildir (new/ is imported); empty = off
};

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("cannot read " + path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) return Status::Invalid(path + " is empty");
  return line;
}

int Serve(const std::string& data, const std::string& listen, const std::string& web,
          int workers, const std::vector<std::string>& trusted_proxies,
          const NotifyFlags& nf) {
  auto hp = ParseListen(listen);
  if (!hp.ok()) return Fail(hp.status());
  auto proxies = api::TrustedProxies::Parse(trusted_proxies);
  if (!proxies.ok()) return Fail(proxies.status());
  std::unique_ptr<notify::Sender> sms, email;
  notify::InitSenders();
  if (!nf.sms_gateway.empty()) {
    if (nf.sms_gateway.rfind("http://", 0) != 0 && nf.sms_gateway.rfind("https://", 0) != 0)
      return Fail(Status::Invalid("--sms-gateway must be an http:// or https:// URL"));
    std::string key;
    if (!nf.sms_key_file.empty()) {
      auto k = ReadSecretFile(nf.sms_key_file);
      if (!k.ok()) return Fail(k.status());
      key = *k;
    }
    sms = std::make_unique<notify::SmsGatewaySender>(nf.sms_gateway, key);
  }
  if (!nf.smtp_url.empty()) {
    if (nf.smtp_url.rfind("smtp://", 0) != 0 && nf.smtp_url.rfind("smtps://", 0) != 0)
      return Fail(Status::Invalid("--smtp-url must be smtp://host:port or smtps://host:port"));
    std::string password;
    if (!nf.smtp_password_file.empty()) {
      auto p = ReadSecretFile(nf.smtp_password_file);
      if (!p.ok()) return Fail(p.status());
      password = *p;
    }
    email = std::make_unique<notify::SmtpSender>(nf.smtp_url, nf.smtp_from, nf.smtp_user, password);
  }
  // One reader connection for every thread that may read at once (handler workers and the I/O
  // threads that run non-blocking reads inline), so a read never waits for a connection.
  auto rt = OpenRuntime(data, false, workers + 4);
  if (!rt.ok()) return Fail(rt.status());
  Runtime& r = **rt;
  // Notifications: the planner writes the outbox inside every command's transaction; the
  // dispatcher delivers it in the background.
  notify::NotificationPlanner planner(*r.directory, *r.clock);
  r.engine->SetInTxHook(
      [&planner](store::WriteTx& tx, const auto& done) { return planner.Plan(tx, done); });
  notify::DispatcherOptions dopts;
  dopts.lease = std::chrono::seconds(nf.lease_seconds);
  dopts.backoff = std::chrono::seconds(nf.retry_seconds);
  notify::Dispatcher dispatcher(*r.store, *r.clock, sms.get(), email.get(), dopts);
  r.engine->AddListener(
      [&dispatcher](const domain::Case&, const domain::Event&) { dispatcher.Wake(); });
  // The email channel: a maildir watcher, if asked for.
  mail::InitMail();
  mail::MailImporter importer(*r.store, *r.engine, data);
  std::unique_ptr<mail::MaildirWatcher> maildir;
  if (!nf.maildir.empty()) maildir = std::make_unique<mail::MaildirWatcher>(importer, nf.maildir);
  api::Metrics metrics;
  api::Auth auth(*r.store, *r.clock);
  api::LiveFeed live(*r.engine);
  api::Context ctx{*r.store, *r.engine, *r.directory, auth, metrics, data, FindWebDir(web), &live};
  ctx.knowledge = r.knowledge.get();
  ctx.trusted_proxies = std::move(proxies).value();
  // The reports: the built-in sections, then the hot issues, places and surges (hotspots).
  analytics::ReportBuilder reports;
  for (auto& s : hotspots::ReportSections(*r.store, *r.clock)) reports.AddSection(std::move(s));
  ctx.reports = &reports;
  api::Router router;
  api::RegisterRoutes(router, ctx);
  api::ServerConfig cfg;
  cfg.host = hp->first;
  cfg.port = hp->second;
  cfg.worker_threads = workers;
  api::Server server(cfg, router, metrics);
  Status st = server.Start();
  if (!st.ok()) return Fail(st);
  ctx.ready = true;
  dispatcher.Start();
  if (maildir) {
    maildir->Start();
    spdlog::info("email channel: importing {}/new every 5 s", nf.maildir);
  }
  spdlog::info("hotline serving on http://{}:{} (data {}, console {})", cfg.host, server.port(), data,
               ctx.web_dir.empty() ? "not built" : ctx.web_dir);
  spdlog::info("notifications: SMS {}, email {}",
               sms ? "via the gateway" : "not configured (kept pending)",
               email ? "via SMTP" : "not configured (kept pending)");
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  // The surge watcher (hotspots): follows new cases every second and pushes surge alerts to the
  // centre's supervisors and leaders over the live feed.
  hotspots::SurgeWatcher surges(*r.store, *r.directory, [&live, &r](const std::string& action, const store::Surge& s) {
    live.PublishAlert("surge",
                      boost::json::serialize(boost::json::object{{"id", s.id},
                                                                 {"action", action},
                                                                 {"status", s.status},
                                                                 {"label", s.label},
                                                                 {"case_count", s.case_count},
                                                                 {"version", s.version},
                                                                 {"raised_at", FormatRfc3339(s.raised_at, r.engine->tz())}}),
                      {s.place_unit_id, s.district_id});
    if (action == "raised") spdlog::warn("surge {} raised: {} ({} cases)", s.id, s.label, s.case_count);
  });
  // Cases a bulk load left out of the search index: indexed in the background.
  SearchBacklogJob search_backlog(*r.store);
  search_backlog.Start();
  auto last_surge_poll = std::chrono::steady_clock::now() - std::chrono::minutes(1);
  // The SLA sweeper: warning and overdue events, every 30 seconds.
  auto last_sweep = std::chrono::steady_clock::now() - std::chrono::minutes(1);
  auto last_briefing = last_sweep - std::chrono::minutes(1);
  // Public uploads nobody sent within a day: removed every 10 minutes (api/upload_sweep.h).
  auto last_upload_sweep = last_sweep - std::chrono::minutes(10);
  while (!g_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::chrono::steady_clock::now() - last_surge_poll >= std::chrono::seconds(1)) {
      last_surge_poll = std::chrono::steady_clock::now();
      auto n = surges.Poll(r.clock->Now());
      if (!n.ok()) spdlog::warn("surge watch failed: {}", n.status().message());
    }
    if (std::chrono::steady_clock::now() - last_sweep >= std::chrono::seconds(30)) {
      last_sweep = std::chrono::steady_clock::now();
      auto n = r.engine->SweepSla();
      if (!n.ok()) spdlog::warn("SLA sweep failed: {}", n.status().message());
      else if (*n > 0) spdlog::info("SLA sweep: {} warning/overdue events", *n);
      auto k = r.knowledge->SweepExpiry();
      if (!k.ok()) spdlog::warn("knowledge expiry sweep failed: {}", k.status().message());
      else if (*k > 0) spdlog::info("knowledge expiry sweep: {} reminders", *k);
    }
    if (std::chrono::steady_clock::now() - last_upload_sweep >= std::chrono::minutes(10)) {
      last_upload_sweep = std::chrono::steady_clock::now();
      auto n = api::SweepUnclaimedUploads(*r.store, data, r.clock->Now());
      if (!n.ok()) spdlog::warn("upload sweep failed: {}", n.status().message());
      else if (n->uploads > 0)
        spdlog::info("upload sweep: {} unclaimed uploads expired, {} files removed", n->uploads, n->files);
    }
    // The morning briefing: from 07:00 city time, yesterday's daily report is stored once.
    if (std::chrono::steady_clock::now() - last_briefing >= std::chrono::minutes(1)) {
      last_briefing = std::chrono::steady_clock::now();
      auto made = analytics::RunDailyBriefing(*r.store, *r.directory->Get(), reports, r.clock->Now());
      if (!made.ok()) spdlog::warn("daily briefing failed: {}", made.status().message());
      else if (*made) spdlog::info("daily briefing stored");
    }
  }
  spdlog::info("stopping");
  ctx.ready = false;
  if (maildir) maildir->Stop();
  search_backlog.Stop();
  server.Stop();
  dispatcher.Stop();
  return 0;
}

int UserAdd(const std::string& data, const std::string& username, const std::string& name,
            const std::vector<std::string>& roles, const std::string& unit_code,
            const std::string& password) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Fail(rt.status());
  domain::User u;
  u.username = username;
  u.name = name.empty() ? username : name;
  for (const auto& r : roles) {
    auto role = domain::ParseRole(r);
    if (!role) return Fail(Status::Invalid("unknown role " + r));
    u.roles.push_back(*role);
  }
  if (!unit_code.empty()) {
    const auto* unit = (*rt)->directory->Get()->FindUnitByCode(unit_code);
    if (!unit) return Fail(Status::Invalid("no unit with code " + unit_code));
    u.unit_id = unit->id;
  } else {
    u.unit_id = (*rt)->directory->Get()->centre_id();
  }
  auto h = HashPassword(password);
  if (!h.ok()) return Fail(h.status());
  u.password_hash = *h;
  u.created_at = (*rt)->clock->Now();
  Status st = (*rt)->store->Write([&](store::WriteTx& tx) { return tx.PutUser(u); });
  if (!st.ok()) return Fail(st);
  std::printf("added user %s (id %s)\n", u.username.c_str(), u.id.c_str());
  return 0;
}

int UserChange(const std::string& data, const std::string& username,
               const std::function<Status(domain::User&)>& change, const char* done) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Fail(rt.status());
  Status st = (*rt)->store->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(domain::User u, tx.GetUserByUsername(username));
    HOTLINE_RETURN_IF_ERROR(change(u));
    return tx.PutUser(u);
  });
  if (!st.ok()) return Fail(st);
  std::printf("%s %s\n", done, username.c_str());
  return 0;
}

int UserList(const std::string& data) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Fail(rt.status());
  auto tx = (*rt)->store->Read();
  if (!tx.ok()) return Fail(tx.status());
  auto users = (*tx)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  auto dir = (*rt)->directory->Get();
  std::printf("%-28s %-14s %-28s %s\n", "USERNAME", "NAME", "ROLES", "UNIT");
  for (const auto& u : *users) {
    std::string roles;
    for (auto r : u.roles) roles += (roles.empty() ? "" : ",") + std::string(domain::Name(r));
    const auto* unit = dir->FindUnit(u.unit_id);
    std::printf("%-28s %-14s %-28s %s%s\n", u.username.c_str(), u.name.c_str(), roles.c_str(),
                unit ? unit->name.c_str() : "-", u.disabled ? " (disabled)" : "");
  }
  return 0;
}

int AuditVerify(const std::string& data) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Fail(rt.status());
  auto report = workflow::VerifyAudit(*(*rt)->store);
  if (!report.ok()) return Fail(report.status());
  for (const auto& p : report->problems) std::printf("BROKEN %s\n", p.c_str());
  std::printf("%lld cases, %lld events checked: %s\n", static_cast<long long>(report->cases),
              static_cast<long long>(report->events),
              report->ok() ? "every history is intact" : "TAMPERING DETECTED");
  return report->ok() ? 0 : 3;
}

// `import-mail`: each file one message → one case (exactly once). Prints one line per file; exit 1
// if any file could not be imported.
int ImportMail(const std::string& data, const std::vector<std::string>& files) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) return Fail(rt.status());
  Runtime& r = **rt;
  notify::NotificationPlanner planner(*r.directory, *r.clock);
  r.engine->SetInTxHook(
      [&planner](store::WriteTx& tx, const auto& done) { return planner.Plan(tx, done); });
  mail::InitMail();
  mail::MailImporter importer(*r.store, *r.engine, data);
  int failed = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::printf("%s: error: cannot read the file\n", f.c_str());
      ++failed;
      continue;
    }
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto out = importer.Import(raw);
    if (!out.ok()) {
      std::printf("%s: error: %s (nothing created)\n", f.c_str(), out.status().message().c_str());
      ++failed;
    } else if (out->already) {
      std::printf("%s: already imported as case %s\n", f.c_str(), out->case_number.c_str());
    } else {
      std::printf("%s: case %s", f.c_str(), out->case_number.c_str());
      if (out->attachments) std::printf(" (%d attachments)", out->attachments);
      if (out->skipped_attachments)
        std::printf(" (%d attachments over %zu MiB left out)", out->skipped_attachments,
                    mail::kMaxAttachmentBytes >> 20);
      std::printf("\n");
    }
  }
  return failed ? 1 : 0;
}

// `demo` and `seed`: a new data directory, filled by `fill`. Refuses to touch an existing one.
int SeedNewCity(const std::string& data, const std::function<Status(Runtime&)>& fill) {
  if (std::filesystem::exists(std::filesystem::path(data) / "hotline.db")) {
    std::fprintf(stderr, "hotline: %s already holds a database; remove it to seed a new city\n",
                 data.c_str());
    return 1;
  }
  auto rt = OpenRuntime(data, true);
  if (!rt.ok()) return Fail(rt.status());
  Status st = fill(**rt);
  return st.ok() ? 0 : Fail(st);
}

}  // namespace
}  // namespace hotline::app

int main(int argc, char** argv) {
  using namespace hotline::app;
  CLI::App app{"hotline — the 12345 government service hotline server"};
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  std::string data = "var";
  std::string listen = "127.0.0.1:8080";
  std::string web;
  int workers = 32;
  auto* serve = app.add_subcommand("serve", "Serve the API and the web console");
  serve->add_option("--data", data, "Data directory")->required();
  serve->add_option("--listen", listen, "HOST:PORT to listen on")->capture_default_str();
  serve->add_option("--web", web, "The built console (default: web/dist if present)");
  serve->add_option("--workers", workers, "Handler threads")->check(CLI::Range(1, 512))->capture_default_str();
  std::vector<std::string> trusted_proxies;
  serve->add_option("--trusted-proxy", trusted_proxies,
                    "A reverse proxy (IP or CIDR; repeat for several) whose X-Forwarded-For gives the "
                    "client address for the public rate limits");
  NotifyFlags nf;
  serve->add_option("--sms-gateway", nf.sms_gateway, "SMS gateway URL (HTTP JSON POST); unset = SMS stay pending");
  serve->add_option("--sms-key-file", nf.sms_key_file, "File holding the SMS gateway's API key");
  serve->add_option("--smtp-url", nf.smtp_url, "SMTP server, smtp://host:port; unset = emails stay pending");
  serve->add_option("--smtp-from", nf.smtp_from, "Sender of notification emails")->capture_default_str();
  serve->add_option("--smtp-user", nf.smtp_user, "SMTP login name");
  serve->add_option("--smtp-password-file", nf.smtp_password_file, "File holding the SMTP password");
  serve->add_option("--notify-lease", nf.lease_seconds, "Seconds a delivery attempt may take before it is retried")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  serve->add_option("--notify-retry", nf.retry_seconds, "Seconds before the first retry (doubles each time)")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  serve->add_option("--maildir", nf.maildir, "Email channel: import the messages arriving in this maildir (new/ → cur/)");

  DemoOptions demo_opts;
  auto* demo = app.add_subcommand("demo", "Create a demo city in a new data directory");
  demo->add_option("--data", data, "Data directory")->required();
  demo->add_option("--cases", demo_opts.cases, "How many cases")->check(CLI::Range(0, 5000000))->capture_default_str();
  demo->add_option("--assets", demo_opts.assets_dir, "Where data/demo and data/calendar are")->capture_default_str();

  BulkSeedOptions seed_opts;
  auto* seed = app.add_subcommand("seed", "Bulk-load the demo reference data and N cases (benchmarks)");
  seed->add_option("--data", data, "Data directory")->required();
  seed->add_option("--cases", seed_opts.cases, "How many cases")->check(CLI::Range(0, 100000000))->capture_default_str();
  seed->add_option("--batch", seed_opts.batch, "Cases per transaction")->check(CLI::Range(1, 100000))->capture_default_str();
  seed->add_option("--assets", seed_opts.assets_dir, "Where data/demo and data/calendar are")->capture_default_str();
  seed->add_option("--index", seed_opts.index,
                   "Search index: written with the cases (inline) or by `hotline serve` afterwards (background)")
      ->check(CLI::IsMember({"inline", "background"}))
      ->capture_default_str();

  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  std::string username, name, unit, password;
  std::vector<std::string> roles;
  auto* uadd = user->add_subcommand("add", "Add a user");
  uadd->add_option("--data", data, "Data directory")->required();
  uadd->add_option("username", username, "Login name")->required();
  uadd->add_option("--name", name, "Display name");
  uadd->add_option("--role", roles, "Role (repeat for several)")->required();
  uadd->add_option("--unit", unit, "Unit code (default: the centre)");
  uadd->add_option("--password", password, "Password (at least 8 characters)")->required();
  auto* upass = user->add_subcommand("passwd", "Set a user's password");
  upass->add_option("--data", data, "Data directory")->required();
  upass->add_option("username", username, "Login name")->required();
  upass->add_option("--password", password, "New password (at least 8 characters)")->required();
  auto* udis = user->add_subcommand("disable", "Disable a user");
  udis->add_option("--data", data, "Data directory")->required();
  udis->add_option("username", username, "Login name")->required();
  auto* ulist = user->add_subcommand("list", "List users");
  ulist->add_option("--data", data, "Data directory")->required();

  std::vector<std::string> mail_files;
  auto* import_mail = app.add_subcommand(
      "import-mail", "Register cases from email messages (RFC 5322 .eml files), each message once");
  import_mail->add_option("--data", data, "Data directory")->required();
  import_mail->add_option("files", mail_files, "Message files (.eml)")->required();

  auto* audit = app.add_subcommand("audit", "Check the audit trail");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify every case's hash-chained history");
  verify->add_option("--data", data, "Data directory")->required();

  auto* o311 = app.add_subcommand("open311", "Open311 GeoReport v2: API keys");
  o311->require_subcommand(1);
  auto* okey = o311->add_subcommand("key", "Manage Open311 API keys");
  okey->require_subcommand(1);
  std::string key_name, key_id;
  auto* okadd = okey->add_subcommand("add", "Issue a key (its secret is printed once)");
  okadd->add_option("--data", data, "Data directory")->required();
  okadd->add_option("--name", key_name, "Who the key is for")->required();
  auto* oklist = okey->add_subcommand("list", "List keys");
  oklist->add_option("--data", data, "Data directory")->required();
  auto* okrev = okey->add_subcommand("revoke", "Revoke a key");
  okrev->add_option("--data", data, "Data directory")->required();
  okrev->add_option("id", key_id, "Key id (see list)")->required();
  std::string report_kind, report_date, report_out;
  auto* report = app.add_subcommand("report", "Write a daily, weekly or monthly report to an Excel file");
  report->add_option("kind", report_kind, "daily, weekly or monthly")
      ->required()
      ->check(CLI::IsMember({"daily", "weekly", "monthly"}));
  report->add_option("--data", data, "Data directory")->required();
  report->add_option("--date", report_date, "A day of the period (YYYY-MM-DD)")->required();
  report->add_option("--out", report_out, "The .xlsx file to write")->required();

  auto* kpi = app.add_subcommand("kpi", "KPI rollups");
  kpi->require_subcommand(1);
  auto* rebuild = kpi->add_subcommand("rebuild", "Recompute the KPI rollups from the stored events");
  rebuild->add_option("--data", data, "Data directory")->required();

  CLI11_PARSE(app, argc, argv);
  hotline::InitLogging(log_level);

  if (*serve) return Serve(data, listen, web, workers, trusted_proxies, nf);
  if (*demo) return SeedNewCity(data, [&](Runtime& rt) { return SeedDemo(rt, demo_opts); });
  if (*seed) return SeedNewCity(data, [&](Runtime& rt) { return BulkSeed(rt, seed_opts); });
  if (*uadd) {
    if (password.size() < 8) return Fail(hotline::Status::Invalid("the password needs at least 8 characters"));
    return UserAdd(data, username, name, roles, unit, password);
  }
  if (*upass) {
    if (password.size() < 8) return Fail(hotline::Status::Invalid("the password needs at least 8 characters"));
    return UserChange(data, username, [&](hotline::domain::User& u) -> hotline::Status {
      auto h = hotline::HashPassword(password);
      if (!h.ok()) return h.status();
      u.password_hash = *h;
      u.failed_logins = 0;
      u.locked_until.reset();
      return hotline::Status::Ok();
    }, "password set for");
  }
  if (*udis)
    return UserChange(data, username, [](hotline::domain::User& u) {
      u.disabled = true;
      return hotline::Status::Ok();
    }, "disabled");
  if (*ulist) return UserList(data);
  if (*verify) return AuditVerify(data);
  if (*okadd) return Open311KeyAdd(data, key_name);
  if (*oklist) return Open311KeyList(data);
  if (*okrev) return Open311KeyRevoke(data, key_id);
  if (*report) return ReportCommand(data, report_kind, report_date, report_out);
  if (*rebuild) return KpiRebuild(data);
  if (*import_mail) return ImportMail(data, mail_files);
  return 0;
}
