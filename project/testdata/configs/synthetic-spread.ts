// Synthetic: the credentials may come from a spread studio cannot read.
import { defineConfig } from "drizzle-kit";
import { shared } from "../../drizzle.shared";

export default defineConfig({
  ...shared,
  dialect: "postgresql",
  out: "./drizzle",
});
