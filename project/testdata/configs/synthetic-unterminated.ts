// Synthetic: a broken file.
export default {
  dialect: "sqlite,
};
