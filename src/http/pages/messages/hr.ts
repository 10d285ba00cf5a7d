import { consoleHr } from './console.hr.ts'
import { consoleSettingsHr } from './console-settings.hr.ts'
import type { MessageKey } from './en.ts'
import { mfaHr } from './mfa.hr.ts'

export const hr = {
  'lang.name': 'Hrvatski',
  'lang.choose': 'Jezik',
  'page.skip': 'Preskoči na sadržaj',
  'page.footer': 'Zaštićeno Latchkeyjem',
  'page.errorTitle': 'Greška: {title}',

  'field.email': 'E-mail adresa',
  'field.password': 'Lozinka',
  'field.newPassword': 'Nova lozinka',
  'field.givenName': 'Ime',
  'field.familyName': 'Prezime',
  'field.optional': '(neobavezno)',
  'hint.password': 'Koristite 8 do 64 znaka, s velikim slovom, malim slovom i znamenkom.',

  'problem.summary': 'Postoji problem',
  'problem.email.invalid': 'Upišite e-mail adresu poput ime@primjer.hr',
  'problem.email.taken':
    'Račun s ovom e-mail adresom već postoji. Ako ste zaboravili lozinku, promijenite je.',
  'problem.password.rule': 'Koristite 8 do 64 znaka, s velikim slovom, malim slovom i znamenkom',
  'problem.password.breached': 'Ova se lozinka pojavila u curenju podataka. Odaberite drugu',
  'problem.name.tooLong': 'Koristite najviše 100 znakova',

  'error.csrf.title': 'Obrazac je istekao',
  'error.csrf.body':
    'Radi vaše sigurnosti obrazac nije poslan. Vratite se, ponovno učitajte stranicu i pokušajte opet.',
  'error.notFound.title': 'Stranica nije pronađena',
  'error.notFound.body': 'Provjerite adresu ili se vratite na prethodnu stranicu.',
  'error.badRequest.title': 'Zahtjev nije moguće pročitati',
  'error.badRequest.body': 'Vratite se, ponovno učitajte stranicu i pokušajte opet.',
  'error.rateLimited.title': 'Previše pokušaja',
  'error.rateLimited.body': 'Pričekajte {seconds} s, zatim pokušajte ponovno.',
  'error.busy.title': 'Poslužitelj je zauzet',
  'error.busy.body': 'Pričekajte trenutak, zatim pokušajte ponovno.',
  'error.internal.title': 'Nešto je pošlo po zlu',
  'error.internal.body': 'Pokušajte ponovno kasnije. Ako se ponavlja, navedite oznaku {id}.',
  'error.unavailable.body':
    'Trenutačno ne možemo provjeriti vašu lozinku. Pričekajte trenutak, zatim pokušajte ponovno.',

  'signUp.title': 'Izradite račun',
  'signUp.intro': 'Izrađujete račun za {coop}.',
  'signUp.submit': 'Izradi račun',
  'signUp.closed.title': 'Registracija je zatvorena',
  'signUp.closed.body': 'Ova organizacija ovdje ne prima nove račune.',
  'signUp.sent.title': 'Provjerite e-poštu',
  'signUp.sent.body':
    'Poslali smo poveznicu za potvrdu na {email}. Otvorite je u roku od 24 sata kako biste aktivirali račun.',
  'signUp.ready.title': 'Vaš račun je spreman',
  'signUp.ready.body': 'Sada se možete prijaviti s {email}.',

  'confirm.title': 'Potvrdite e-mail adresu',
  'confirm.body': 'Potvrdite adresu kako biste aktivirali račun.',
  'confirm.submit': 'Potvrdi e-mail adresu',
  'confirm.done.title': 'E-mail adresa je potvrđena',
  'confirm.done.body': 'Vaš je račun aktivan. Sada se možete prijaviti.',
  'confirm.invalid.title': 'Ova poveznica ne radi',
  'confirm.invalid.body':
    'Poveznica je nepotpuna ili je već iskorištena. Ako adresa još nije potvrđena, prijavite se i zatražite novu poruku.',
  'confirm.expired.body': 'Poveznica je istekla. Prijavite se i zatražite novu poruku za potvrdu.',

  'forgot.title': 'Promijenite lozinku',
  'forgot.intro': 'Upišite e-mail adresu svog računa i poslat ćemo vam poveznicu za odabir nove lozinke.',
  'forgot.submit': 'Pošalji poveznicu',
  'forgot.sent.title': 'Provjerite e-poštu',
  'forgot.sent.body':
    'Ako račun koristi {email}, poslali smo mu poveznicu za odabir nove lozinke. Poveznica vrijedi jedan sat.',

  'reset.title': 'Odaberite novu lozinku',
  'reset.submit': 'Postavi novu lozinku',
  'reset.done.title': 'Lozinka je promijenjena',
  'reset.done.body': 'Od sada koristite novu lozinku. Odjavljeni ste na svim uređajima.',
  'reset.invalid.title': 'Ova poveznica ne radi',
  'reset.invalid.body': 'Poveznica je nepotpuna ili je već iskorištena.',
  'reset.expired.body': 'Poveznica je istekla: poveznice za promjenu lozinke vrijede jedan sat.',
  'reset.again': 'Zatražite novu poveznicu',

  'signedOut.title': 'Odjavljeni ste',
  'signedOut.body': 'Odjavljeni ste. Možete zatvoriti ovaj prozor.',

  'link.forgot': 'Zaboravili ste lozinku?',
  'link.signUp': 'Izradite račun',
  'link.signIn': 'Prijava',

  'signIn.title': 'Prijava',
  'signIn.intro': 'Prijavite se za nastavak u {client}.',
  'signIn.submit': 'Prijavi se',
  'signIn.failed': 'E-mail adresa ili lozinka nije ispravna',
  'consent.title': 'Dopustite pristup',
  'consent.intro': '{client} traži pristup vašem računu.',
  'consent.scopes': 'Moći će:',
  'consent.allow': 'Dopusti',
  'consent.deny': 'Odbij',
  'scope.openid': 'Znati tko ste',
  'scope.profile': 'Vidjeti vaše ime',
  'scope.email': 'Vidjeti vašu e-mail adresu',
  'scope.offline_access': 'Zadržati pristup dok niste prisutni',
  'signIn.expired': 'Vaša je lozinka istekla. Odaberite novu putem poveznice "Zaboravili ste lozinku?"',
  'signIn.noSession.title': 'Ova je prijava istekla',
  'signIn.noSession.body': 'Vratite se u aplikaciju i ponovno se prijavite.',
  'consent.signedInAs': 'Prijavljeni ste kao {email}.',
  'signOut.title': 'Odjava?',
  'signOut.body': 'Želite li se odjaviti s {host}?',
  'signOut.yes': 'Da, odjavi me',
  'signOut.no': 'Ne, ostani prijavljen',
  'oidcError.title': 'Prijava se ne može nastaviti',
  'oidcError.body':
    'Aplikacija je poslala zahtjev koji nije prihvaćen ({error}). Vratite se u aplikaciju i pokušajte ponovno.',
  ...consoleHr,
  ...consoleSettingsHr,
  ...mfaHr,
} satisfies Record<MessageKey, string>
