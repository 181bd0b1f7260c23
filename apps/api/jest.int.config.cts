/* Integration tier: the real API over HTTP on real PostgreSQL (settings in libs/server/testing/jest-int.preset.cts). */
module.exports = require('../../libs/server/testing/jest-int.preset.cts')(__dirname, 'api-int');
