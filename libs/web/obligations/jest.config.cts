/* Unit tests of web-obligations (settings shared by every web project in libs/web/jest-web.preset.cts). */
module.exports = require('../jest-web.preset.cts')(__dirname, 'web-obligations');
