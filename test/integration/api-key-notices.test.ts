/**
 * API keys created and revoked, against the real Better Auth configuration on
 * Postgres: each is a security event of the owner and a mail to them, naming
 * the key by name, visible start, access and id, with when and from where;
 * never the key or its hash. Failures and other people's keys tell nobody.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
});

interface Created {
  id: string;
  key: string;
  start: string;
}

async function owner() {
  const email = `notices-${n++}@example.com`;
  const cookie = await t.signUp(email);
  const [row] = await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]);
  return { email, cookie, id: row!.id };
}

async function createKey(cookie: string, body: Record<string, unknown>): Promise<Created> {
  const response = await t.request("/api-key/create", { cookie, body, ip: "198.51.100.23" });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Created;
}

const revoke = (cookie: string, keyId: string, configId?: string) =>
  t.request("/api-key/delete", { cookie, body: { keyId, ...(configId ? { configId } : {}) }, ip: "198.51.100.24" });

async function keyEvents(userId: string) {
  await t.log.flush();
  return db.query<{ type: string; success: boolean; email: string; ip_address: string; detail: string }>(
    `select type, success, email, ip_address, detail from security_event
      where user_id = $1 and type like 'api-key-%' order by created_at, id`,
    [userId],
  );
}

const digest = (key: string) => createHash("sha256").update(key).digest("base64url");

describe("creating and revoking a key", () => {
  it("is logged and mailed to the owner with the key's name, start, access, time and address", async () => {
    const { email, cookie, id } = await owner();
    const read = await createKey(cookie, { name: "Nightly export", expiresIn: 30 * 24 * 3600 });
    const write = await createKey(cookie, { name: "Deploys", configId: "write" });
    expect((await revoke(cookie, write.id, "write")).status).toBe(200);

    const events = await keyEvents(id);
    expect(events).toEqual([
      {
        type: "api-key-created",
        success: true,
        email,
        ip_address: "198.51.100.23",
        detail: `Nightly export · ${read.start}… · read only · id ${read.id}`,
      },
      {
        type: "api-key-created",
        success: true,
        email,
        ip_address: "198.51.100.23",
        detail: `Deploys · ${write.start}… · read and write · id ${write.id}`,
      },
      {
        type: "api-key-revoked",
        success: true,
        email,
        ip_address: "198.51.100.24",
        detail: `Deploys · ${write.start}… · read and write · id ${write.id}`,
      },
    ]);

    const created = t.mail.sent.filter((mail) => mail.to === email && mail.kind === "api-key-created");
    expect(created.map((mail) => mail.subject)).toEqual([
      "An API key was created on your edgegate account",
      "An API key was created on your edgegate account",
    ]);
    expect(created[0]!.text).toContain("Name: Nightly export");
    expect(created[0]!.text).toContain(`Starts with: ${read.start}…`);
    expect(created[0]!.text).toContain("Access: read only");
    expect(created[0]!.text).toMatch(/When: \w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT from 198\.51\.100\.23/);
    expect(created[0]!.text).toContain("revoke it at http://localhost:3000/account/api-keys and change your password");
    expect(created[1]!.text).toContain("Access: read and write");
    const revoked = t.mail.last(email, "api-key-revoked");
    expect(revoked.subject).toBe("An API key was revoked on your edgegate account");
    expect(revoked.text).toContain(`Starts with: ${write.start}…`);
    expect(revoked.text).toContain("from 198.51.100.24");

    // Neither the key nor its hash is written anywhere a person or an operator reads.
    const everything = JSON.stringify([
      await db.query(`select * from security_event where user_id = $1`, [id]),
      t.mail.sent.filter((mail) => mail.to === email),
    ]);
    for (const { key } of [read, write]) {
      expect(everything).not.toContain(key.slice(9));
      expect(everything).not.toContain(digest(key));
    }
  });

  it("tells nobody of a refused creation or of someone else's key", async () => {
    const alice = await owner();
    const mallory = await owner();
    const key = await createKey(alice.cookie, { name: "Alice's" });
    const sentBefore = t.mail.sent.length;
    expect((await t.request("/api-key/create", { cookie: alice.cookie, body: { name: "  " } })).status).toBe(400);
    expect((await t.request("/api-key/create", { cookie: alice.cookie, body: { name: "x".repeat(51) } })).status).toBe(
      400,
    );
    expect((await revoke(mallory.cookie, key.id)).status).toBe(404);
    expect(await keyEvents(mallory.id)).toEqual([]);
    expect((await keyEvents(alice.id)).map((event) => event.type)).toEqual(["api-key-created"]);
    expect(t.mail.sent.length).toBe(sentBefore);
    const [row] = await db.query(`select id from apikey where id = $1`, [key.id]);
    expect(row).toBeDefined(); // still Alice's
  });
});
