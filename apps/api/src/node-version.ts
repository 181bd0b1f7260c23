/**
 * Stops at once, with a clear message, on a Node.js older than the project's: the password hashing's native module
 * (argon2) crashes Node 20 with a segmentation fault before anything is logged. `npm start`, `npm run serve:api` and
 * `npm run serve:worker` run the project's own Node 24 (node_modules/.bin/node, put first on PATH by scripts/env.sh).
 * Imported first by main.ts, before any module that loads argon2.
 */
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  process.stderr.write(
    `Tiến Độ cần Node.js 22.14 trở lên (đang chạy ${process.versions.node}); hãy chạy bằng npm start, npm run serve:api hoặc npm run serve:worker (dùng Node 24 của dự án, node_modules/.bin/node).\n` +
      `Tiến Độ needs Node.js 22.14 or later (this is ${process.versions.node}); run it with npm start, npm run serve:api or npm run serve:worker (the project's Node 24, node_modules/.bin/node).\n`,
  );
  process.exit(1);
}
export {};
