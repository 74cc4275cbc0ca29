// Synthetic: a CommonJS TypeScript config, host form on a Unix socket, port from the environment.
const { defineConfig } = require("drizzle-kit");
module.exports = defineConfig({
  dialect: "postgresql",
  dbCredentials: {
    host: "/var/run/postgresql",
    port: +(process.env.PGPORT ?? 5433),
    user: "me",
    database: "app db",
    ssl: "prefer",
  },
});
