/**
 * What makes a password too easy to guess, checked the same way by the server and the sign-up and
 * reset forms: too short, the account's own e-mail address, or one of the passwords that lead
 * every leaked-password list. The list holds only entries long enough to pass the length rule.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

const COMMON_PASSWORDS = new Set(
  `password 12345678 123456789 1234567890 12345678910 11111111 00000000 88888888 87654321 987654321
  123123123 12341234 11223344 112233445566 123456123456 147258369 147852369 741852963 66666666 99999999
  qwertyuiop qwerty123 qwerty12 qwerty1234 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 1qaz2wsx
  zaq12wsx zaq1zaq1 qazwsxedc 123qweasd 1234qwer qwer1234 asdfghjkl asdfasdf asdf1234 zxcvbnm1 12qwaszx
  password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word pa55w0rd password!
  iloveyou iloveyou1 sunshine sunshine1 princess princess1 football football1 baseball baseball1
  welcome1 welcome123 abc12345 abcd1234 abcdefgh abcdefg1 aaaaaaaa testtest test1234 superman batman123
  trustno1 starwars whatever dragon12 michael1 jennifer jordan23 computer corvette mercedes blink182
  letmein1 letmein123 admin123 admin1234 administrator changeme changeme1 passport freedom1 hello123
  helloworld monkey12 shadow12 master12 internet samsung1 charlie1 access14 chocolate butterfly
  liverpool chelsea1 arsenal1 michelle jessica1 matthew1 danielle nicole12 ashley12 loveyou1 lovely12
  babygirl1 daniel12 qwertyui asdfghjk zxcvbnma 1password secret12 secret123 fuckyou1 killer12
  summer2024 summer2025 summer2026 winter2025 winter2026 spring2026 autumn2026 december
  meetyourbusiness`
    .split(/\s+/)
    .filter(Boolean),
);

export const PASSWORD_IS_EMAIL = 'Password must not be your e-mail address: choose another.';

export interface PasswordProblem {
  message: string;
}

/** Why `password` is refused for the account `email`, or null if it is fine. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { message: `Password is too short: ${PASSWORD_MIN_LENGTH} characters at least.` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { message: `Password is too long: ${PASSWORD_MAX_LENGTH} characters at most.` };
  }
  const lowered = password.trim().toLowerCase();
  if (email) {
    const address = email.trim().toLowerCase();
    const localPart = address.split('@')[0] ?? '';
    if (lowered === address || (localPart.length >= 4 && lowered === localPart)) {
      return { message: PASSWORD_IS_EMAIL };
    }
  }
  if (COMMON_PASSWORDS.has(lowered) || /^(.)\1*$/.test(lowered)) {
    return { message: 'Password is too common: it is among the first an attacker tries. Choose another.' };
  }
  return null;
}
