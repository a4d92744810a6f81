/**
 * Permalinks into a repository, from its `origin` remote: GitHub (and the
 * forges that copy its shape), GitLab and Bitbucket. Without a remote, plain
 * paths under the repository's name.
 */
export interface Permalinks {
  commit(sha: string): string;
  file(path: string): string;
}

export function parseRemote(remote: string): { host: string; path: string } | undefined {
  const trimmed = remote
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  // scp-like: git@github.com:acme/api
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (scp) return { host: scp[1]!.toLowerCase(), path: scp[2]!.replace(/^\/+/, '') };
  try {
    const url = new URL(trimmed);
    if (!['http:', 'https:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    const path = url.pathname.replace(/^\/+/, '');
    return path ? { host: url.hostname.toLowerCase(), path } : undefined;
  } catch {
    return undefined;
  }
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export function permalinks(remote: string | undefined, repoName: string): Permalinks {
  const parsed = remote ? parseRemote(remote) : undefined;
  if (!parsed) {
    return { commit: (sha) => `${repoName}/commit/${sha}`, file: (path) => `${repoName}/${path}` };
  }
  const base = `https://${parsed.host}/${parsed.path}`;
  if (parsed.host === 'bitbucket.org') {
    return { commit: (sha) => `${base}/commits/${sha}`, file: (path) => `${base}/src/HEAD/${encodePath(path)}` };
  }
  if (parsed.host.includes('gitlab')) {
    return { commit: (sha) => `${base}/-/commit/${sha}`, file: (path) => `${base}/-/blob/HEAD/${encodePath(path)}` };
  }
  return { commit: (sha) => `${base}/commit/${sha}`, file: (path) => `${base}/blob/HEAD/${encodePath(path)}` };
}
