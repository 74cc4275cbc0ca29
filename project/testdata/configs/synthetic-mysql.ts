// Synthetic: a MySQL project.
export default { dialect: "mysql", dbCredentials: { url: process.env.DATABASE_URL! } };
