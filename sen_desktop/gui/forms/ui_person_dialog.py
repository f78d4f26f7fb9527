# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'person_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QGridLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_PersonDialog(object):
    def setupUi(self, PersonDialog):
        if not PersonDialog.objectName():
            PersonDialog.setObjectName(u"PersonDialog")
        PersonDialog.resize(520, 460)
        self.main_layout = QVBoxLayout(PersonDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(PersonDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.full_name_label = QLabel(PersonDialog)
        self.full_name_label.setObjectName(u"full_name_label")

        self.fields_layout.addWidget(self.full_name_label, 0, 0, 1, 1)

        self.full_name_edit = QLineEdit(PersonDialog)
        self.full_name_edit.setObjectName(u"full_name_edit")
        self.full_name_edit.setMaxLength(200)

        self.fields_layout.addWidget(self.full_name_edit, 0, 1, 1, 1)

        self.full_name_error = QLabel(PersonDialog)
        self.full_name_error.setObjectName(u"full_name_error")
        self.full_name_error.setProperty(u"role", u"error")
        self.full_name_error.setWordWrap(True)

        self.fields_layout.addWidget(self.full_name_error, 1, 1, 1, 1)

        self.job_title_label = QLabel(PersonDialog)
        self.job_title_label.setObjectName(u"job_title_label")

        self.fields_layout.addWidget(self.job_title_label, 2, 0, 1, 1)

        self.job_title_edit = QLineEdit(PersonDialog)
        self.job_title_edit.setObjectName(u"job_title_edit")
        self.job_title_edit.setMaxLength(200)

        self.fields_layout.addWidget(self.job_title_edit, 2, 1, 1, 1)

        self.job_title_error = QLabel(PersonDialog)
        self.job_title_error.setObjectName(u"job_title_error")
        self.job_title_error.setProperty(u"role", u"error")
        self.job_title_error.setWordWrap(True)

        self.fields_layout.addWidget(self.job_title_error, 3, 1, 1, 1)

        self.organisation_label = QLabel(PersonDialog)
        self.organisation_label.setObjectName(u"organisation_label")

        self.fields_layout.addWidget(self.organisation_label, 4, 0, 1, 1)

        self.organisation_edit = QLineEdit(PersonDialog)
        self.organisation_edit.setObjectName(u"organisation_edit")
        self.organisation_edit.setMaxLength(200)

        self.fields_layout.addWidget(self.organisation_edit, 4, 1, 1, 1)

        self.organisation_error = QLabel(PersonDialog)
        self.organisation_error.setObjectName(u"organisation_error")
        self.organisation_error.setProperty(u"role", u"error")
        self.organisation_error.setWordWrap(True)

        self.fields_layout.addWidget(self.organisation_error, 5, 1, 1, 1)

        self.email_label = QLabel(PersonDialog)
        self.email_label.setObjectName(u"email_label")

        self.fields_layout.addWidget(self.email_label, 6, 0, 1, 1)

        self.email_edit = QLineEdit(PersonDialog)
        self.email_edit.setObjectName(u"email_edit")
        self.email_edit.setMaxLength(254)

        self.fields_layout.addWidget(self.email_edit, 6, 1, 1, 1)

        self.email_error = QLabel(PersonDialog)
        self.email_error.setObjectName(u"email_error")
        self.email_error.setProperty(u"role", u"error")
        self.email_error.setWordWrap(True)

        self.fields_layout.addWidget(self.email_error, 7, 1, 1, 1)

        self.phone_label = QLabel(PersonDialog)
        self.phone_label.setObjectName(u"phone_label")

        self.fields_layout.addWidget(self.phone_label, 8, 0, 1, 1)

        self.phone_edit = QLineEdit(PersonDialog)
        self.phone_edit.setObjectName(u"phone_edit")
        self.phone_edit.setMaxLength(40)

        self.fields_layout.addWidget(self.phone_edit, 8, 1, 1, 1)

        self.phone_error = QLabel(PersonDialog)
        self.phone_error.setObjectName(u"phone_error")
        self.phone_error.setProperty(u"role", u"error")
        self.phone_error.setWordWrap(True)

        self.fields_layout.addWidget(self.phone_error, 9, 1, 1, 1)

        self.notes_label = QLabel(PersonDialog)
        self.notes_label.setObjectName(u"notes_label")

        self.fields_layout.addWidget(self.notes_label, 10, 0, 1, 1, Qt.AlignmentFlag.AlignTop)

        self.notes_edit = QPlainTextEdit(PersonDialog)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.notes_edit, 10, 1, 1, 1)

        self.notes_error = QLabel(PersonDialog)
        self.notes_error.setObjectName(u"notes_error")
        self.notes_error.setProperty(u"role", u"error")
        self.notes_error.setWordWrap(True)

        self.fields_layout.addWidget(self.notes_error, 11, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.button_box = QDialogButtonBox(PersonDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.full_name_label.setBuddy(self.full_name_edit)
        self.job_title_label.setBuddy(self.job_title_edit)
        self.organisation_label.setBuddy(self.organisation_edit)
        self.email_label.setBuddy(self.email_edit)
        self.phone_label.setBuddy(self.phone_edit)
        self.notes_label.setBuddy(self.notes_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.full_name_edit, self.job_title_edit)
        QWidget.setTabOrder(self.job_title_edit, self.organisation_edit)
        QWidget.setTabOrder(self.organisation_edit, self.email_edit)
        QWidget.setTabOrder(self.email_edit, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.notes_edit)

        self.retranslateUi(PersonDialog)

        QMetaObject.connectSlotsByName(PersonDialog)
    # setupUi

    def retranslateUi(self, PersonDialog):
        PersonDialog.setWindowTitle(QCoreApplication.translate("PersonDialog", u"Person", None))
#if QT_CONFIG(accessibility)
        PersonDialog.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Person details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem saving this person", None))
#endif // QT_CONFIG(accessibility)
        self.full_name_label.setText(QCoreApplication.translate("PersonDialog", u"Full &name:", None))
#if QT_CONFIG(accessibility)
        self.full_name_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Full name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.full_name_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the full name", None))
#endif // QT_CONFIG(accessibility)
        self.job_title_label.setText(QCoreApplication.translate("PersonDialog", u"&Job title:", None))
#if QT_CONFIG(accessibility)
        self.job_title_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Job title", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.job_title_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the job title", None))
#endif // QT_CONFIG(accessibility)
        self.organisation_label.setText(QCoreApplication.translate("PersonDialog", u"&Organisation:", None))
#if QT_CONFIG(accessibility)
        self.organisation_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Organisation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.organisation_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the organisation", None))
#endif // QT_CONFIG(accessibility)
        self.email_label.setText(QCoreApplication.translate("PersonDialog", u"&Email:", None))
#if QT_CONFIG(accessibility)
        self.email_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Email", None))
#endif // QT_CONFIG(accessibility)
        self.email_edit.setPlaceholderText(QCoreApplication.translate("PersonDialog", u"name@example.org", None))
#if QT_CONFIG(accessibility)
        self.email_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the email", None))
#endif // QT_CONFIG(accessibility)
        self.phone_label.setText(QCoreApplication.translate("PersonDialog", u"&Phone:", None))
#if QT_CONFIG(accessibility)
        self.phone_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Phone", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.phone_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the phone number", None))
#endif // QT_CONFIG(accessibility)
        self.notes_label.setText(QCoreApplication.translate("PersonDialog", u"No&tes:", None))
#if QT_CONFIG(accessibility)
        self.notes_edit.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Notes", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.notes_error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Problem with the notes", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

