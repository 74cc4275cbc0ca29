// Shape of sujangowda077/plant PlantDetective/PlantDetective/drizzle.config.js (test input): drizzle-kit 0.20.
module.exports = {
  schema: './shared/schema.ts',
  out: './drizzle',
  driver: 'pg',
  dbCredentials: {
    connectionString: process.env.DATABASE_URL || '',
  }
};
