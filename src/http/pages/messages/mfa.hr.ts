import type { mfaEn } from './mfa.en.ts'

export const mfaHr = {
  'mfa.verify.title': 'Unesite sigurnosni kod',
  'mfa.verify.intro':
    'Otvorite aplikaciju za autentifikaciju i unesite šesteroznamenkasti kod za ovaj račun. Ako ste izgubili mobitel, unesite jedan od kodova za oporavak.',
  'mfa.field.code': 'Sigurnosni kod',
  'mfa.field.codeHint': 'Šest znamenki ili kod za oporavak poput ABCDE-FGHJK',
  'mfa.verify.submit': 'Nastavi',
  'mfa.problem.code': 'Kod je pogrešan ili je već iskorišten. Pričekajte sljedeći kod i pokušajte ponovno',
  'mfa.expired.title': 'Ova prijava je istekla',
  'mfa.expired.body': 'Prošlo je previše vremena otkako ste unijeli lozinku. Prijavite se ponovno.',
  'mfa.enrol.title': 'Uključite dvofaktorsku autentifikaciju',
  'mfa.enrol.required':
    'Vaša organizacija traži drugi korak pri prijavi. Dodajte ovaj račun u aplikaciju za autentifikaciju i unesite kod koji prikazuje.',
  'mfa.enrol.intro': 'Dodajte ovaj račun u aplikaciju za autentifikaciju i unesite kod koji prikazuje.',
  'mfa.enrol.uri': 'Otvorite ili skenirajte ovu poveznicu u aplikaciji:',
  'mfa.enrol.secret': 'Ili upišite ovaj ključ u aplikaciju:',
  'mfa.enrol.qr': 'QR kod gornje poveznice',
  'mfa.enrol.submit': 'Uključi',
  'mfa.codes.title': 'Spremite kodove za oporavak',
  'mfa.codes.intro':
    'Svaki kod vas jednom prijavljuje ako izgubite mobitel. Čuvajte ih na sigurnom: prikazuju se samo sada.',
  'mfa.codes.continue': 'Spremio sam ih, nastavi',
  'security.title': 'Sigurnost prijave',
  'security.signIn.intro': 'Prijavite se za upravljanje dvofaktorskom autentifikacijom.',
  'security.on': 'Dvofaktorska autentifikacija je uključena. Preostalo kodova za oporavak: {count}.',
  'security.off': 'Dvofaktorska autentifikacija je isključena.',
  'security.policyOff': 'Vaša organizacija je isključila dvofaktorsku autentifikaciju.',
  'security.enable': 'Postavite aplikaciju za autentifikaciju',
  'security.disable.title': 'Isključite dvofaktorsku autentifikaciju',
  'security.disable.submit': 'Isključi',
  'security.regenerate.title': 'Novi kodovi za oporavak',
  'security.regenerate.hint': 'Unesite kod iz aplikacije. Stari kodovi za oporavak prestaju vrijediti.',
  'security.regenerate.submit': 'Napravi nove kodove',
  'security.disabled': 'Dvofaktorska autentifikacija je sada isključena.',
  'security.signOut': 'Odjava',
} satisfies Record<keyof typeof mfaEn, string>
