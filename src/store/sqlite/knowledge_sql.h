// The SQLite side of the knowledge base (知识库): the queries behind the knowledge methods of
// store::ReadTx / WriteTx. SqlTx delegates to these; they run on the transaction's connection.
// Tables: migrations/0003_knowledge.sql.
#pragma once

#include <string>
#include <vector>

#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace hotline::store::sqlite::knowledge_sql {

Result<domain::Article> GetArticle(Db& db, const std::string& id);
Result<ArticlePage> ListArticles(Db& db, const ArticleQuery& q);
Result<std::vector<domain::ArticleRevision>> ListRevisions(Db& db, const std::string& article_id);
Result<domain::ArticleRevision> GetRevision(Db& db, const std::string& article_id, int64_t rev);
Result<std::vector<domain::Article>> ArticlesToRemind(Db& db, const std::string& today,
                                                      const std::string& soon);
Result<std::vector<domain::KnowledgeReminder>> ListReminders(
    Db& db, const std::vector<std::string>& unit_ids, int limit);

Status InsertArticle(Db& db, domain::Article& a, domain::ArticleRevision& r);
Status UpdateArticle(Db& db, const domain::Article& a, int64_t expected_version);
Status PutRevision(Db& db, const domain::ArticleRevision& r);
Status IncrementUsage(Db& db, const std::string& id);
Status InsertReminder(Db& db, domain::KnowledgeReminder& r);

}  // namespace hotline::store::sqlite::knowledge_sql
