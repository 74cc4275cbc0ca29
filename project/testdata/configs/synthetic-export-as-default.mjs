// Synthetic: export { name as default }, template and array literals, escapes.
const base = "file:";
const config = {
  dialect: 'sqlite',
  out: `./drizzle/${"migrations"}`,
  dbCredentials: { url: base + './data/app\u002edb', },
  tablesFilter: ['posts', "comments",],
  extensionsFilters: [],
};
export { config as default };
