// Shape of get-convex/michal-miami-2024 02-react-counter-t3/drizzle.config.ts (test input), dialect updated.
import { type Config } from "drizzle-kit";

import { env } from "@/env";

export default {
  schema: "./src/server/db/schema.ts",
  dialect: "sqlite",
  dbCredentials: {
    url: env.DATABASE_URL,
  },
  tablesFilter: ["02-react-t3_*"],
} satisfies Config;
