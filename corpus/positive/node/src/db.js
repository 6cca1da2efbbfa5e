const { MongoClient } = require("mongodb");

const uri = "mongodb+srv://catalog_svc:u2kPJr3ffxF7yPQfDGz-@cluster0.q7zkd.mongodb.net/catalog?retryWrites=true&w=majority";

const client = new MongoClient(uri, { maxPoolSize: 20 });

module.exports = { client };
