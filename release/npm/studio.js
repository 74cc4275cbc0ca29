#!/usr/bin/env node
// The `studio` command of the npm package: it finds the binary of the
// platform package npm or pnpm installed for this machine (an optional
// dependency selected by os and cpu) and runs it with the same
// arguments, standard streams, signals and exit code.
'use strict';

const { spawn } = require('child_process');
const path = require('path');

const PACKAGES = __PLATFORM_PACKAGES__;
const MAIN = __MAIN_PACKAGE__;

function fail(message) {
  process.stderr.write('studio: ' + message + '\n');
  process.exit(1);
}

function binary() {
  const key = process.platform + '-' + process.arch;
  const pkg = PACKAGES[key];
  if (!pkg) {
    fail('there is no studio binary for ' + key + ' in ' + MAIN + '; build one with `go build ./cmd/studio`');
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(pkg + '/package.json'));
  } catch (err) {
    fail('the package ' + pkg + ' is missing. It is an optional dependency of ' + MAIN +
      ' that npm and pnpm install for this platform, unless optional dependencies are skipped' +
      ' (--no-optional, --omit=optional, --no-optional in pnpm): reinstall without that option.');
  }
  return path.join(dir, 'bin', process.platform === 'win32' ? 'studio.exe' : 'studio');
}

const bin = binary();
const child = spawn(bin, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });

// Forward the signals that stop a server, so the studio shuts down
// cleanly whoever sends them (a terminal, pnpm, a process manager).
const forwarded = {};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  forwarded[signal] = () => {
    try {
      child.kill(signal);
    } catch (_) {
      // the child is gone already
    }
  };
  try {
    process.on(signal, forwarded[signal]);
  } catch (_) {
    // a signal this platform does not have
  }
}

child.on('error', (err) => fail('cannot run ' + bin + ': ' + err.message));
child.on('exit', (code, signal) => {
  for (const s of Object.keys(forwarded)) process.removeListener(s, forwarded[s]);
  if (signal) {
    // Die the way the child died, so callers see the signal too.
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (require('os').constants.signals[signal] || 0)), 1000).unref();
    return;
  }
  process.exit(code === null ? 1 : code);
});
