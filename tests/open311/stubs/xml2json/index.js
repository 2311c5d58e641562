// The open311 client needs this module only in its XML mode, which the test does not use.
exports.toJson = function () {
  throw new Error('xml2json stub: the open311 client runs in JSON mode in this test');
};
