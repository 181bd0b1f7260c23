/* Integration tier: the real worker on real PostgreSQL, Redis and SMTP (settings in libs/server/testing/jest-int.preset.cts). */
module.exports = require('../../libs/server/testing/jest-int.preset.cts')(__dirname, 'worker-int');
