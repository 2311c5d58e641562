// The open311 client needs this module only in its XML mode, which the test does not use.
exports.parseXml = function () {
  throw new Error('sparkxml stub: the open311 client runs in JSON mode in this test');
};
