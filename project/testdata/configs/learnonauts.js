// Shape of learnonauts-ai/learnonauts-server drizzle.config.js (test input).
/** @type {import('drizzle-kit').Config} */
export default {
  schema: './db/schema.js',
  out: './db/migrations',
  dialect: 'sqlite',
  dbCredentials: {
    url: 'sqlite.db',
  }
};
