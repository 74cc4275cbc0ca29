// Synthetic: no export.
const config = { dialect: "sqlite" };
