// Synthetic: the url is computed by code.
import { defineConfig } from "drizzle-kit";
import { getDatabaseUrl } from "./src/env";

export default defineConfig({
  dialect: "postgresql",
  dbCredentials: {
    url: getDatabaseUrl(),
  },
  tablesFilter: ["app_*"],
});
