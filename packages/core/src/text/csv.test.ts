import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula with a leading quote (OWASP)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('-3.5')).toBe("'-3.5"); // typed text stays text
    expect(csvField('a=1')).toBe('a=1');
    expect(csvField('منطقه ۱')).toBe('منطقه ۱');
  });

  it('also neutralises a formula after leading spaces and one typed with full-width signs', () => {
    expect(csvField('  =1+1')).toBe("'  =1+1");
    expect(csvField('\u00a0@SUM(A1)')).toBe("'\u00a0@SUM(A1)");
    expect(csvField('＝HYPERLINK("x")')).toBe(`"'＝HYPERLINK(""x"")"`);
    expect(csvField('＋1')).toBe("'＋1");
    expect(csvField('  plain words')).toBe('  plain words');
  });

  it('keeps numbers numbers, negative ones included', () => {
    expect(csvRecord([-3.5, 0, 42.5, -44.9])).toBe('-3.5,0,42.5,-44.9\r\n');
  });
});
