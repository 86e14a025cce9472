// Debian's Chromium as the tests and the benchmarks launch it: Playwright's own browser download does not work
// here, and these flags keep it from reaching the network or a GPU. (scripts/screenshot.mjs, plain Node, repeats them.)
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
