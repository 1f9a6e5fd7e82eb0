// The browser's copy of what the user saw: conversations and their messages in IndexedDB,
// through Dexie (vendored). A reload shows the history at once, and still shows it when the
// server cannot be reached; the server's answers then replace it (the server is the source of
// truth). One database per user (`<name>.<user id>`); signing out deletes it.
import Dexie from "./vendor/dexie.js";

/** A user's cache. Rows are stored as the API returns them. */
export class HistoryCache {
  /**
   * @param {string} name the app's storage prefix
   * @param {string} userId
   */
  constructor(name, userId) {
    this.db = new Dexie(`${name}.${userId}`);
    this.db.version(1).stores({
      meta: "key",
      conversations: "id",
      messages: "id, conversation",
    });
  }

  /** The user's own row as last seen (null: none). */
  async me() {
    return (await this.db.table("meta").get("me"))?.value ?? null;
  }

  /** @param {object} row */
  async saveMe(row) {
    await this.db.table("meta").put({ key: "me", value: row });
  }

  /** The conversations as last listed, in the order listed. */
  async conversations() {
    const rows = await this.db.table("conversations").toArray();
    return rows.sort((a, b) => a.position - b.position).map((r) => r.row);
  }

  /**
   * Replace the list of conversations (and forget the messages of those that are gone).
   * @param {Array<{id: string}>} rows
   */
  async saveConversations(rows) {
    const ids = new Set(rows.map((r) => r.id));
    await this.db.transaction("rw", ["conversations", "messages"], async () => {
      const gone = (await this.db.table("conversations").toCollection().primaryKeys()).filter(
        (id) => !ids.has(String(id)),
      );
      await this.db.table("conversations").bulkDelete(gone);
      await this.db.table("messages").where("conversation").anyOf(gone).delete();
      await this.db.table("conversations").bulkPut(rows.map((row, position) => ({ id: row.id, position, row })));
    });
  }

  /** @param {string} id */
  async forgetConversation(id) {
    await this.db.transaction("rw", ["conversations", "messages"], async () => {
      await this.db.table("conversations").delete(id);
      await this.db.table("messages").where("conversation").equals(id).delete();
    });
  }

  /**
   * The messages of a conversation as last shown, oldest first.
   * @param {string} conversationId
   */
  async messages(conversationId) {
    const rows = await this.db.table("messages").where("conversation").equals(conversationId).toArray();
    return rows.sort((a, b) => a.position - b.position).map((r) => r.row);
  }

  /**
   * Replace the messages shown for a conversation.
   * @param {string} conversationId
   * @param {Array<{id: string}>} rows
   */
  async saveMessages(conversationId, rows) {
    await this.db.transaction("rw", "messages", async () => {
      await this.db.table("messages").where("conversation").equals(conversationId).delete();
      await this.db.table("messages").bulkPut(
        rows.map((row, position) => ({ id: row.id, conversation: conversationId, position, row })),
      );
    });
  }

  /** Delete the whole database (signing out). */
  async clear() {
    this.db.close();
    await Dexie.delete(this.db.name);
  }
}
