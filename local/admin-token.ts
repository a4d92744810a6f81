import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * ADMIN_TOKEN when set; otherwise one generated at the first start and kept in
 * DATA_DIR (readable by its owner only), so scripts and logins survive restarts.
 */
export function resolveAdminToken(adminToken: string | undefined, dataDir: string): { token: string; generated: boolean } {
  if (adminToken) return { token: adminToken, generated: false };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generated: true };
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true };
}
