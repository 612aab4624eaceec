/** The same Chromium the reports print with: Debian's, with the flags that make WebGL run on SwiftShader. */
export { launchChromium } from '@payesh/report';
