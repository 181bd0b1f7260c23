/* Unit tests of web-auth (settings shared by every web project in libs/web/jest-web.preset.cts). */
module.exports = require('../jest-web.preset.cts')(__dirname, 'web-auth');
