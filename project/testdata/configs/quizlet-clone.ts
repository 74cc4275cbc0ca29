// Shape of fkozlicki/quizlet-clone packages/db/src/config.ts (test input): drizzle-kit 0.20.
import type { Config } from "drizzle-kit";

export default {
  schema: "./src/schema",
  driver: "pg",
  dbCredentials: {
    connectionString: process.env.DATABASE_URL!,
  },
  tablesFilter: ["t3turbo_*"],
} satisfies Config;
