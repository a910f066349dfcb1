// Builds the workspace's front-end assets from node_modules into src/yjinspect_web/static/build
// (never committed): the stylesheet compiled from GOV.UK Frontend's Sass, GOV.UK Frontend's
// JavaScript and images, htmx, and axe-core for the accessibility tests.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "yjinspect_web", "static", "build");
const modules = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "src", "yjinspect_web", "assets", "app.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
cpSync(join(root, "src", "yjinspect_web", "assets", "init.js"), join(out, "init.js"));
cpSync(join(modules, "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));
cpSync(join(modules, "axe-core", "axe.min.js"), join(out, "axe.min.js"));
console.log(`assets built in ${out}`);
