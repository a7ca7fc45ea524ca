// Browser tests: drive the real cypp binary in Debian's Chromium with playwright-core, walk
// the main flows, run axe-core with the WCAG 2.2 AA rules on every page type, check that each
// page type fits 320 px without scrolling sideways (reflow), check that the
// keyboard reaches every control with a visible focus, and take the README's screenshots.
//
// Run by crates/cypp/tests/browser.rs (so by `cargo test`), or directly:
//   CYPP_BIN=target/debug/cypp node tests/browser/run.mjs
// UPDATE_SCREENSHOTS=1 writes docs/screenshots/*.png.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const AXE = require.resolve("axe-core/axe.min.js", { paths: [root] });
const BIN = process.env.CYPP_BIN || join(root, "target/debug/cypp");
const CHROMIUM = process.env.CYPP_CHROMIUM || "/usr/bin/chromium";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const PLAN = "kelderby-cypp-2024-27";
const PUBLIC = `/p/kelderby/${PLAN}`;

let failures = 0;
const fail = (message) => {
  failures += 1;
  console.log(`FAIL ${message}`);
};
const pass = (message) => console.log(`ok   ${message}`);

/** Starts cypp on a fresh database and reads the demonstration accounts it prints. */
async function startServer(dir) {
  const child = spawn(BIN, ["serve", "--addr", "127.0.0.1:0", "--database", `sqlite://${join(dir, "demo.db")}`], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const accounts = {};
  let output = "";
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cypp did not start: ${output}`)), 60000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      for (const line of output.split("\n")) {
        const account = line.match(/^\s+(admin|editor|lead|viewer)\s+(\S+@\S+)\s+(\S+)/);
        if (account) accounts[account[1]] = { email: account[2], password: account[3] };
        const serving = line.match(/^cypp is serving .* at (http:\/\/\S+)/);
        if (serving) {
          clearTimeout(timer);
          resolve(serving[1]);
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`cypp exited with ${code}: ${output}`)));
  });
  return { child, address, accounts };
}

/** Runs axe with the WCAG 2.2 AA tags; every violation fails the test. */
async function checkAccessibility(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }, TAGS);
  if (result.length) {
    fail(`axe found ${result.length} WCAG 2.2 AA violations on ${name}:\n  ${result.join("\n  ")}`);
  } else {
    pass(`axe: no WCAG 2.2 AA violations on ${name}`);
  }
}

/** Tabs through the page: every link, button and field must be reached, each with a visible focus style. */
async function checkKeyboard(page, name) {
  const controls = await page.evaluate(
    () =>
      [...document.querySelectorAll("a[href], button, input:not([type=hidden]), textarea, select, summary, [tabindex=\"0\"]")].filter(
        // checkVisibility is false inside a closed <details>, where offsetParent is not null.
        (e) => e.offsetParent !== null && !e.disabled && e.checkVisibility(),
      ).length,
  );
  const seen = new Set();
  let invisible = [];
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < controls + 5; i += 1) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const visible =
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== "none" ||
        style.backgroundColor === "rgb(255, 221, 0)";
      const path = [];
      for (let n = e; n && n !== document.body; n = n.parentElement) path.unshift(n.tagName + ([...(n.parentElement?.children || [])].indexOf(n)));
      return { key: path.join("/"), visible, label: (e.textContent || e.name || e.id || "").trim().slice(0, 40) };
    });
    if (!focus) continue;
    if (seen.has(focus.key)) continue;
    seen.add(focus.key);
    if (!focus.visible) invisible.push(focus.label);
  }
  // Radios in a group are one tab stop.
  const radioGroups = await page.evaluate(() => new Set([...document.querySelectorAll("input[type=radio]")].map((r) => r.name)).size);
  const radios = await page.evaluate(() => document.querySelectorAll("input[type=radio]").length);
  const expected = controls - radios + radioGroups;
  if (seen.size < expected) fail(`keyboard reached ${seen.size} of ${expected} controls on ${name}`);
  else if (invisible.length) fail(`no visible focus on ${invisible.length} controls on ${name}: ${invisible.slice(0, 5).join("; ")}`);
  else pass(`keyboard: all ${expected} controls on ${name} reachable with visible focus`);
  // Every page checked for the keyboard is checked for reflow too.
  await checkReflow(page, name);
}

/**
 * WCAG 2.2 reflow (1.4.10): at 320 CSS pixels wide the page itself never scrolls sideways.
 * A wide table may scroll inside its own labelled region; nothing else may be wider.
 */
async function checkReflow(page, name) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth;
    // The widest things that stick out, outside regions that scroll on their own.
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => !e.closest("[data-scrolls]") && e.getBoundingClientRect().right > width + 1)
      .slice(0, 4)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + String(e.className).split(" ")[0] : ""} (${Math.round(e.getBoundingClientRect().right)} px)`);
    // Chart words as drawn on the screen: a chart scaled down to the phone must keep them
    // readable (9 px at the least; the narrow drawing gives about 13).
    const small = [...document.querySelectorAll("svg text")]
      .filter((t) => t.getClientRects().length > 0)
      .map((t) => ({ text: t.textContent, px: t.getBoundingClientRect().height }))
      .filter((t) => t.px > 0 && t.px < 9)
      .slice(0, 3);
    return { width, over, culprits, small };
  });
  await page.setViewportSize(before);
  if (wide.over > wide.width) fail(`at 320 px ${name} scrolls sideways (${wide.over} px wide): ${wide.culprits.join(", ")}`);
  else pass(`at 320 px ${name} fits without scrolling sideways`);
  if (wide.small.length) fail(`at 320 px ${name} has chart words too small to read: ${wide.small.map((t) => `"${t.text}" ${t.px.toFixed(1)} px`).join(", ")}`);
}

async function visit(page, url, name, { keyboard = true, status = 200 } = {}) {
  const response = await page.goto(url);
  if (response.status() !== status) fail(`${name}: status ${response.status()}, expected ${status}`);
  await checkAccessibility(page, name);
  if (keyboard) await checkKeyboard(page, name);
  else await checkReflow(page, name);
}

async function shot(page, name) {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  mkdirSync(join(root, "docs/screenshots"), { recursive: true });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(root, `docs/screenshots/${name}.png`), fullPage: false });
}

async function signIn(page, base, account) {
  await page.goto(`${base}/sign-in`);
  await page.fill("#email", account.email);
  await page.fill("#password", account.password);
  await page.click("main button[type=submit]");
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "cypp-browser-"));
  const server = await startServer(dir);
  const base = server.address;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    // axe is injected as a script, which the pages' Content Security Policy would block.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const offsite = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) offsite.push(r.url());
    });

    // The public, who are not signed in.
    await visit(page, `${base}${PUBLIC}`, "the published plan's front page");
    await shot(page, "public-home");
    await visit(page, `${base}${PUBLIC}/on-a-page`, "plan on a page");
    await shot(page, "plan-on-a-page");
    await page.click("text=Support children's and young people's emotional wellbeing and mental health");
    await checkAccessibility(page, "an item page");
    await checkKeyboard(page, "an item page");
    await shot(page, "item-page");
    const abbr = await page.locator("abbr.cypp-term").count();
    if (abbr < 1) fail("the item page marks no glossary term");
    else pass(`the item page marks ${abbr} glossary terms`);
    await visit(page, `${base}${PUBLIC}/glossary`, "the jargon buster");
    await visit(page, `${base}${PUBLIC}/easy-read`, "the easy read");
    await shot(page, "easy-read");
    await visit(page, `${base}${PUBLIC}/measures/self-harm-admissions`, "a measure's page");
    await shot(page, "measure");
    await visit(page, `${base}/`, "the list of plans");
    await visit(page, `${base}/no-such-page`, "the page not found page", { status: 404, keyboard: false });

    // Printing plan on a page fits one A4 sheet.
    await page.goto(`${base}${PUBLIC}/on-a-page`);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    if (pages !== 1) fail(`plan on a page prints on ${pages} A4 pages`);
    else pass("plan on a page prints on one A4 sheet");
    await page.emulateMedia({ media: "screen" });

    // Signing in, with a mistake first.
    await page.goto(`${base}/sign-in`);
    await checkAccessibility(page, "the sign-in page");
    await checkKeyboard(page, "the sign-in page");
    await page.fill("#email", server.accounts.admin.email);
    await page.fill("#password", "wrong password");
    await page.click("main button[type=submit]");
    await checkAccessibility(page, "the sign-in page with an error");
    await signIn(page, base, server.accounts.admin);
    if (!(await page.content()).includes("Nadia Farouk (admin)")) fail("the admin is not signed in");
    else pass("the admin signs in");

    // The plan as the people who write it see it.
    await visit(page, `${base}/plans/${PLAN}`, "the whole plan, signed in");
    await shot(page, "plan");
    await visit(page, `${base}/plans/${PLAN}/dashboard`, "the dashboard");
    await shot(page, "dashboard");
    // Reporting rounds and people, as the admin manages them.
    await visit(page, `${base}/plans/${PLAN}/rounds`, "the reporting rounds");
    await page.locator("main table a", { hasText: "Q2 2026-27" }).first().click();
    await checkAccessibility(page, "a round's page");
    await checkKeyboard(page, "a round's page");
    await page.locator('main a[href*="/updates/"]').first().click();
    await checkAccessibility(page, "an update's page with every version");
    await checkKeyboard(page, "an update's page with every version");
    await visit(page, `${base}/plans/${PLAN}/rounds/new`, "the make a round form");
    await visit(page, `${base}/plans/${PLAN}/people`, "the partnership's people");
    await visit(page, `${base}/plans/${PLAN}/people/new`, "the add a person form");
    await visit(page, `${base}/account/password`, "the change your password form");
    await visit(page, `${base}/plans/${PLAN}/plain-english`, "the plain-English check");
    await visit(page, `${base}/plans/${PLAN}/easy-read`, "the easy read, for the officer");
    await visit(page, `${base}/plans/${PLAN}/measures/cla-rate`, "a measure's page, signed in");
    await visit(page, `${base}/plans/${PLAN}/measures/cla-rate/figures/new`, "the add a figure form");
    await visit(page, `${base}/plans/${PLAN}/measures/new`, "the add a measure form");
    await visit(page, `${base}/plans/${PLAN}/measures/cla-rate/edit`, "the change a measure form");
    await visit(page, `${base}/plans/${PLAN}/measures/cla-rate/targets`, "a measure's targets");
    await page.fill("#value", "many");
    await page.click("main button[type=submit]");
    await checkAccessibility(page, "a measure's targets with an error");
    await page.goto(`${base}/plans/${PLAN}/measures/mental-health-wait/targets`);
    await page.locator('a[href*="/targets/"][href$="/edit"]').first().click();
    await checkAccessibility(page, "the change a target form");
    await checkKeyboard(page, "the change a target form");

    // Figures from a file: a fault is named by line and column, then a good file is previewed and saved.
    await visit(page, `${base}/plans/${PLAN}/measures/cla-rate/import`, "the add figures from a file form");
    const upload = async (text) => {
      await page.setInputFiles("#file", { name: "figures.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
      await page.check("#format-csv");
      await page.click("main button[type=submit]");
    };
    await upload("period,value\n2026-27,lots\n");
    await checkAccessibility(page, "the file form with an error");
    if (!(await page.content()).includes("figures.csv, line 2, column 2")) fail("the file's fault is not named by line and column");
    await upload("period,value\n2026-27,71\n");
    await checkAccessibility(page, "the preview of a file's figures");
    await checkKeyboard(page, "the preview of a file's figures");
    await shot(page, "import-preview");
    await page.click("text=Save these figures");
    if (!page.url().endsWith("/measures/cla-rate") || !(await page.content()).includes("71 per 10,000")) {
      fail(`the previewed figures were not saved: ${page.url()}`);
    } else pass("a file's figures are previewed, then saved");

    // Bringing a plan in: a document is read into a draft shown beside its lines, corrected, then saved.
    await visit(page, `${base}/plans/import`, "the bring in a plan form");
    const planDoc = [
      "# Wyreford Children and Young People's Plan 2025-28", "", "Contents", "", "Priority 1 - Safe at home page 2", "",
      "## Priority 1 - Safe at home", "", "What are we planning to do/ actions?", "", "1. Open two family hubs.", "",
      "How will we know we have made a difference?", "", "- Fewer children need a plan", "- Percentage of repeat plans", "",
      "## Priority 2 - Learning well", "", "Actions", "", "- Train every school", "", "![Picture: children reading](x.png)", "",
    ].join("\n");
    await page.setInputFiles("#file", { name: "wyreford.md", mimeType: "text/markdown", buffer: Buffer.from(planDoc) });
    await page.check("#format-markdown");
    await page.click("main button[type=submit]");
    if (!page.url().includes("/plans/import/")) fail(`the plan document was not read: ${page.url()}`);
    await checkAccessibility(page, "the review of a plan document");
    await checkKeyboard(page, "the review of a plan document");
    await shot(page, "plan-import-review");
    await page.locator("summary", { hasText: "Teach cypp what a kind of line is" }).click();
    await checkAccessibility(page, "the review of a plan document with the teaching form open");
    await page.locator("summary", { hasText: "Teach cypp what a kind of line is" }).click();
    await page.locator("summary", { hasText: "Move or remove: Percentage of repeat plans" }).click();
    await checkAccessibility(page, "the review of a plan document with a move form open");
    const moveForm = page.locator("form", { has: page.locator("input[name=index][value='1']") }).filter({ has: page.locator("input[name=entry_kind][value=success]") });
    await moveForm.locator("select[name=kind]").selectOption("measure");
    await moveForm.locator("button[value=move]").click();
    if (!(await page.content()).includes("Key performance indicator (1)")) fail("the success statement was not made a KPI");
    await page.fill("#slug", "wyreford-2025-28");
    await page.click("button:text-is('Save the plan')");
    if (!page.url().endsWith("/plans/wyreford-2025-28") || !(await page.content()).includes("Open two family hubs.")) {
      fail(`the reviewed plan was not saved: ${page.url()}`);
    } else pass("a plan document is read, reviewed beside its lines, corrected and saved");

    // Zoomed to 200% (a 1280-pixel screen shows 640 CSS pixels) and to 400% (320), the chart
    // fits the window and its words grow rather than shrink.
    const chartText = async () =>
      page.evaluate(() => {
        // The chart drawn for this width: the other drawing is hidden.
        const svg = [...document.querySelectorAll("svg.cypp-chart")].find((s) => s.getClientRects().length > 0);
        const label = svg.querySelector("text");
        return { right: svg.getBoundingClientRect().right, text: label.getBoundingClientRect().height, width: window.innerWidth };
      });
    await page.goto(`${base}${PUBLIC}/measures/self-harm-admissions`);
    const normal = await chartText();
    for (const zoom of [2, 4]) {
      await page.setViewportSize({ width: 1280 / zoom, height: 900 / zoom });
      await page.goto(`${base}${PUBLIC}/measures/self-harm-admissions`);
      const zoomed = await chartText();
      // On the screen, a CSS pixel is `zoom` device pixels.
      if (zoomed.right > zoomed.width) fail(`at ${zoom * 100}% the chart runs off the window (${zoomed.right} > ${zoomed.width})`);
      else if (zoomed.text * zoom < normal.text * 1.1) {
        fail(`at ${zoom * 100}% the chart's words are no larger on screen (${zoomed.text * zoom} against ${normal.text})`);
      } else pass(`at ${zoom * 100}% the chart fits the window and its words are ${((zoomed.text * zoom) / normal.text).toFixed(1)} times as large`);
      if (zoom === 2) await checkAccessibility(page, "a measure's page at 200%");
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // Edit an item: an error first, then a save.
    await page.goto(`${base}/plans/${PLAN}`);
    await page.locator("a", { hasText: "Edit" }).nth(1).click();
    await checkAccessibility(page, "the edit item form");
    await checkKeyboard(page, "the edit item form");
    await page.fill("#title", "");
    await page.click("main button[type=submit]");
    await checkAccessibility(page, "the edit item form with an error");
    const summary = await page.locator(".govuk-error-summary").count();
    if (!summary) fail("the error summary is missing");
    await page.fill("#title", "Help families earlier, close to home");
    await page.click("main button[type=submit]");
    if (!(await page.content()).includes("Help families earlier, close to home")) fail("the item edit was not saved");
    else pass("an item is edited through the form");

    // Update an action.
    await page.locator('a[href*="/actions/"][href$="/edit"]').first().click();
    await checkAccessibility(page, "the update action form");
    await checkKeyboard(page, "the update action form");
    await page.check("#status-done");
    // A partner ticked from the partnership's organisations (the third box, as the first
    // may already be ticked).
    await page.check("#partners-3");
    await page.fill("#completed_on-day", "20");
    await page.fill("#completed_on-month", "11");
    await page.fill("#completed_on-year", "2026");
    await page.click("main button[type=submit]");
    if (!page.url().endsWith(`/plans/${PLAN}`)) fail(`the action update did not save: ${page.url()}`);
    else pass("an action is updated through the form");

    // The action's milestones: added, ticked done, without JavaScript.
    await page.locator('a[href$="/milestones"]').first().click();
    await checkAccessibility(page, "the milestones page");
    await checkKeyboard(page, "the milestones page");
    await page.click("main form[action$='/milestones'] button[type=submit]");
    await checkAccessibility(page, "the milestones page with an error");
    await page.fill("#title", "Share the new pathway with every school");
    await page.fill("#due_date-day", "15");
    await page.fill("#due_date-month", "5");
    await page.fill("#due_date-year", "2027");
    await page.click("main form[action$='/milestones'] button[type=submit]");
    const milestone = page.locator(".govuk-summary-list__row", { hasText: "Share the new pathway with every school" });
    await milestone.locator("button", { hasText: "Mark as done" }).click();
    const ticked = await page.locator(".govuk-summary-list__row", { hasText: "Share the new pathway with every school" }).textContent();
    if (!ticked.includes("Done")) fail(`the milestone was not added and ticked: ${ticked}`);
    else pass("a milestone is added and ticked done without JavaScript");

    await visit(page, `${base}/plans/new`, "the new plan form");
    await visit(page, `${base}/plans/upload`, "the plan file upload form");

    // The plan's settings and short lists.
    await visit(page, `${base}/plans/${PLAN}/settings`, "the plan's settings");
    await visit(page, `${base}/plans/${PLAN}/settings/plan`, "the plan settings form");
    await visit(page, `${base}/plans/${PLAN}/settings/partnership`, "the partnership settings form");
    await visit(page, `${base}/plans/${PLAN}/lists/glossary`, "the jargon buster list");
    await page.click("text=Add a glossary term");
    await checkAccessibility(page, "the new glossary term form");
    await page.fill("#term", "JSNA");
    await page.fill("#definition", "Joint strategic needs assessment: what the partnership knows about local needs.");
    await page.click("main button[type=submit]");
    if (!(await page.content()).includes("Joint strategic needs assessment")) fail("the glossary term was not added");
    else pass("a glossary term is added through the form");
    await visit(page, `${base}/plans/${PLAN}/lists/organisations`, "the partner organisations list");

    // An item's measures, and those of its success statements, ticked on one page.
    await page.goto(`${base}/plans/${PLAN}`);
    await page.locator('a[href*="/items/"][href$="/measures"]').first().click();
    await checkAccessibility(page, "an item's measures");
    await checkKeyboard(page, "an item's measures");
    await page.locator("main input[type=checkbox]").last().check();
    await page.click("main button[type=submit]");
    if (!page.url().includes(`/plans/${PLAN}`) || page.url().includes("/measures")) fail(`the measures were not saved: ${page.url()}`);
    else pass("an item's measures are chosen without JavaScript");

    // The comparator groups: a group of areas added by name through the form.
    await visit(page, `${base}/plans/${PLAN}/comparators`, "the comparator groups");
    await page.click("text=Add a comparator group");
    await checkAccessibility(page, "the new comparator group form");
    await checkKeyboard(page, "the new comparator group form");
    await page.fill("#name", "Greater Manchester");
    await page.check("#kind-combined_authority");
    await page.fill("#members", "Bolton\nBury\nNowhere");
    await page.click("main button[type=submit]");
    await checkAccessibility(page, "the new comparator group form with an error");
    await page.fill("#members", "Bolton\nBury\nOldham");
    await page.click("main button[type=submit]");
    const groups = await page.content();
    if (!groups.includes("Greater Manchester") || !groups.includes("3 areas: Bolton, Bury, Oldham")) {
      fail("the comparator group was not added");
    } else pass("a comparator group is added by the areas' names");

    // The annual refresh: add an item and an action to the draft, publish it, read it as the public.
    await page.goto(`${base}/plans/${PLAN}`);
    await page.fill("#refresh-label", "Refreshed for 2027-28");
    await page.click("text=Start the annual refresh");
    await page.click("text=Add a new top-level item");
    await checkAccessibility(page, "the new item form");
    await checkKeyboard(page, "the new item form");
    const voice = "Children and young people have a say in everything we do";
    await page.fill("#number", "4");
    await page.fill("#title", voice);
    await page.fill("#why_it_matters", "Young people told us they want to be listened to the first time.");
    await page.click("main button[type=submit]");
    await page.locator('a[href$="/actions/new"]').last().click();
    await checkAccessibility(page, "the new action form");
    await page.fill("#title", "Set up a young people's panel for every outcome");
    await page.fill("#due_date-day", "31");
    await page.fill("#due_date-month", "3");
    await page.fill("#due_date-year", "2028");
    // The lead is a person chosen from the list, without JavaScript: a plain select.
    const sam = await page.locator('#lead_person option', { hasText: "Sam Okafor" }).getAttribute("value");
    await page.selectOption("#lead_person", sam);
    await page.click("main button[type=submit]");
    const added = await page.content();
    if (!added.includes("Set up a young people's panel for every outcome")) fail("the new action was not added");
    else pass("an item and an action are added to the draft refresh");
    const row = await page.locator("tr", { hasText: "Set up a young people's panel for every outcome" }).first().textContent();
    if (!row.includes("Sam Okafor")) fail(`the lead chosen from the list is not the action's lead: ${row}`);
    else pass("an action's lead is chosen from the partnership's people");
    await page.locator("a", { hasText: "Move elsewhere" }).last().click();
    await checkAccessibility(page, "the move item page");
    await page.goto(`${base}/plans/${PLAN}`);
    await page.locator('a[href$="/delete"]').last().click();
    await checkAccessibility(page, "the delete confirmation page");
    await visit(page, `${base}/plans/${PLAN}/revisions`, "the revisions page");
    if (!(await page.content()).includes(voice)) fail("the revisions page does not show the added item");
    await page.goto(`${base}/plans/${PLAN}`);
    for (const step of ["Mark as out for consultation", "Mark as approved", "Mark as published"]) {
      await page.click(`text=${step}`);
    }
    const publicPage = await browser.newPage();
    await publicPage.goto(`${base}${PUBLIC}/on-a-page`);
    if (!(await publicPage.content()).includes(voice)) fail("the published refresh is not on the public site");
    else pass("the published refresh is what the public reads");
    await publicPage.close();

    // A lead's updates and the update form.
    const leadContext = await browser.newContext({ bypassCSP: true });
    const leadPage = await leadContext.newPage();
    await signIn(leadPage, base, server.accounts.lead);
    await visit(leadPage, `${base}/plans/${PLAN}/my-updates`, "your updates");
    await leadPage.locator("a.govuk-task-list__link").last().click();
    await checkAccessibility(leadPage, "the update form");
    await checkKeyboard(leadPage, "the update form");
    await leadContext.close();

    // Everything works without JavaScript.
    const noScript = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
    const plain = await noScript.newPage();
    await signIn(plain, base, server.accounts.lead);
    await plain.goto(`${base}/plans/${PLAN}/my-updates`);
    await plain.locator("a.govuk-task-list__link").last().click();
    await plain.check("#rag-amber");
    await plain.check("#action_status-at_risk");
    await plain.fill("#working_well", "Walkabouts held with 23 young people.");
    await plain.click("button[value=submit]");
    if (!plain.url().includes("/my-updates?submitted=1")) fail(`a lead cannot submit an update without JavaScript: ${plain.url()}`);
    else pass("a lead submits an update without JavaScript");
    await plain.goto(`${base}/plans/${PLAN}`);
    await plain.locator('a[href*="/actions/"][href$="/edit"]').first().click();
    await plain.check("#status-at_risk");
    // A done action has a completion date; one at risk must not.
    for (const part of ["day", "month", "year"]) await plain.fill(`#completed_on-${part}`, "");
    await plain.click("main button[type=submit]");
    if (!plain.url().endsWith(`/plans/${PLAN}`)) fail("a lead cannot update an action without JavaScript");
    else pass("a lead updates an action without JavaScript");
    await noScript.close();

    if (offsite.length) fail(`pages loaded from another host: ${offsite.join(", ")}`);
    else pass("nothing was loaded from another host");
  } finally {
    await browser.close();
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures) {
    console.log(`${failures} browser checks failed`);
    process.exit(1);
  }
  console.log("all browser checks passed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
