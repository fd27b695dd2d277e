// The Express 4 dev dependency is installed under the alias "express4" for the tests that run on both majors.
declare module "express4" {
  import express from "express";
  export default express;
}
