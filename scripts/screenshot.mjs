// Developer aid: a signed-in screenshot (as admin with the first password, or SETPOINT_USER/SETPOINT_PASSWORD) of a dashboard page from `npm run dev` (or `npm start`).
// node scripts/screenshot.mjs /goals/demo-calculator out.png [--dark] [--width=1440] [--base=http://localhost:3000]
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const [pagePath = "/", out = "page.png", ...flags] = process.argv.slice(2);
const option = (name, fallback) => flags.find((flag) => flag.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const base = option("base", "http://localhost:3000");
const dataDir = process.env.SETPOINT_DATA_DIR ?? path.resolve(".data");
const password = process.env.SETPOINT_PASSWORD ?? fs.readFileSync(path.join(dataDir, "admin-password"), "utf8").trim();

const browser = await chromium.launch({
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
});
const context = await browser.newContext({
  viewport: { width: Number(option("width", 1440)), height: 900 },
  colorScheme: flags.includes("--dark") ? "dark" : "light",
});
const page = await context.newPage();
const problems = [];
page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
page.on("pageerror", (error) => problems.push(error.message));
await page.goto(`${base}/sign-in?next=${encodeURIComponent(pagePath)}`);
await page.getByLabel("Name").fill(process.env.SETPOINT_USER ?? "admin");
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((url) => url.pathname !== "/sign-in");
await page.waitForLoadState("networkidle").catch(() => {});
await page.waitForTimeout(Number(option("wait", 500)));
await page.screenshot({ path: out, fullPage: true });
console.log(`saved ${out} (${page.url()})${problems.length ? `\nbrowser errors:\n${problems.join("\n")}` : ""}`);
await browser.close();
